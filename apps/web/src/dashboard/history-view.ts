import type { AttendanceEvent } from '@attendance/protocol';
import { ApiError, type ApiClient } from '../shared/api-client.js';
import { el, formatDateTime, localDay, replaceChildren } from '../shared/dom.js';
import { attendanceCsv, downloadText } from './attendance-csv.js';
import { table } from './table.js';

const PAGE = 100;
const EXPORT_PAGE = 500;

interface AttendancePage {
  items: AttendanceEvent[];
  total: number;
}

/** Attendance history with day range / camera filters, paging and CSV export. */
export class HistoryView {
  private readonly from = el('input', { type: 'date', name: 'from', value: localDay() });
  private readonly to = el('input', { type: 'date', name: 'to', value: localDay() });
  private readonly camera = el('input', { type: 'text', name: 'camera_id', placeholder: 'any camera' });
  private readonly table = el('tbody');
  private readonly summary = el('p', { class: 'muted', role: 'status' });
  private offset = 0;
  private built = false;

  constructor(
    private readonly api: ApiClient,
    private readonly root: HTMLElement,
  ) {}

  async show(): Promise<void> {
    if (!this.built) this.build();
    await this.load();
  }

  private filters() {
    return {
      from: this.from.value || undefined,
      to: this.to.value || undefined,
      camera_id: this.camera.value.trim() || undefined,
    };
  }

  private build(): void {
    this.built = true;
    const apply = el(
      'button',
      {
        type: 'button',
        class: 'primary',
        onclick: () => {
          this.offset = 0;
          void this.load();
        },
      },
      'Apply',
    );
    const previous = el(
      'button',
      {
        type: 'button',
        onclick: () => {
          this.offset = Math.max(0, this.offset - PAGE);
          void this.load();
        },
      },
      'Previous',
    );
    const next = el(
      'button',
      {
        type: 'button',
        onclick: () => {
          this.offset += PAGE;
          void this.load();
        },
      },
      'Next',
    );
    const exportCsv = el('button', { type: 'button', onclick: () => void this.exportCsv() }, 'Export CSV');
    replaceChildren(
      this.root,
      el('h2', {}, 'Attendance history'),
      el(
        'div',
        { class: 'toolbar' },
        el('label', {}, 'From', this.from),
        el('label', {}, 'To', this.to),
        el('label', {}, 'Camera', this.camera),
        apply,
        exportCsv,
      ),
      this.summary,
      table(['Time', 'Name', 'External ID', 'Camera', 'Similarity'], this.table),
      el('div', { class: 'toolbar' }, previous, next),
    );
  }

  private async load(): Promise<void> {
    try {
      const page = await this.api.get<AttendancePage>('/v1/attendance', {
        ...this.filters(),
        limit: PAGE,
        offset: this.offset,
      });
      replaceChildren(
        this.table,
        ...page.items.map((event) =>
          el(
            'tr',
            {},
            el('td', {}, formatDateTime(event.recorded_at)),
            el('td', {}, event.person.name),
            el('td', {}, event.person.external_id ?? '—'),
            el('td', {}, event.camera_id ?? '—'),
            el('td', {}, event.similarity?.toFixed(3) ?? '—'),
          ),
        ),
      );
      this.summary.textContent = `${page.total} event(s); showing ${page.items.length === 0 ? 0 : this.offset + 1}–${this.offset + page.items.length}`;
    } catch (error) {
      this.summary.textContent = error instanceof ApiError ? error.message : 'Loading failed';
    }
  }

  private async exportCsv(): Promise<void> {
    const all: AttendanceEvent[] = [];
    for (let offset = 0; ; offset += EXPORT_PAGE) {
      const page = await this.api.get<AttendancePage>('/v1/attendance', {
        ...this.filters(),
        limit: EXPORT_PAGE,
        offset,
      });
      all.push(...page.items);
      if (page.items.length < EXPORT_PAGE || all.length >= page.total) break;
    }
    downloadText(
      `attendance-${this.from.value || 'all'}-${this.to.value || 'all'}.csv`,
      attendanceCsv(all),
      'text/csv',
    );
  }
}
