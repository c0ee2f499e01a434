import type { AttendanceEvent } from '@attendance/protocol';
import { formatNumber } from '../i18n/format.js';
import { localize, localizedText } from '../i18n/i18n.js';
import { ApiError, type ApiClient } from '../shared/api-client.js';
import { el, formatDateTime, localDay, replaceChildren } from '../shared/dom.js';
import { attendanceCsv, downloadText } from './attendance-csv.js';
import type { CameraNames } from './camera-names.js';
import { table } from './table.js';

const PAGE = 100;
const EXPORT_PAGE = 500;

/**
 * Attendance history with day range / camera filters, paging and CSV export. Built once: its texts carry
 * their i18n keys and follow a language switch in place.
 */
export class HistoryView {
  private readonly from = el('input', { type: 'date', name: 'from', value: localDay() });
  private readonly to = el('input', { type: 'date', name: 'to', value: localDay() });
  private readonly camera = el('input', { type: 'text', name: 'camera_id' });
  private readonly table = el('tbody');
  private readonly summary = el('p', { class: 'muted', role: 'status' });
  private offset = 0;
  private built = false;

  constructor(
    private readonly api: ApiClient,
    private readonly root: HTMLElement,
    private readonly cameras: CameraNames,
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
    const button = (key: string, onclick: () => void, primary = false) => {
      const element = el('button', { type: 'button', class: primary ? 'primary' : undefined, onclick });
      localize(element, key);
      return element;
    };
    const page = (offset: number) => {
      this.offset = Math.max(0, offset);
      void this.load();
    };
    localize(this.camera, 'history.anyCamera', undefined, 'placeholder');
    const heading = el('h2');
    localize(heading, 'history.title');
    replaceChildren(
      this.root,
      heading,
      el(
        'div',
        { class: 'toolbar' },
        el('label', {}, localizedText('history.from'), this.from),
        el('label', {}, localizedText('history.to'), this.to),
        el('label', {}, localizedText('history.camera'), this.camera),
        button('history.apply', () => page(0), true),
        button('history.exportCsv', () => void this.exportCsv()),
      ),
      this.summary,
      table(
        ['time', 'name', 'externalId', 'camera', 'similarity'].map((key) => localizedText(`history.${key}`)),
        this.table,
      ),
      el(
        'div',
        { class: 'toolbar' },
        button('history.previous', () => page(this.offset - PAGE)),
        button('history.next', () => page(this.offset + PAGE)),
      ),
    );
  }

  private async load(): Promise<void> {
    try {
      const page = await this.api.listAttendance({
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
            el('td', { translate: 'no' }, event.person.name),
            el('td', { translate: 'no' }, event.person.external_id ?? '—'),
            el('td', { translate: 'no' }, event.camera_id ? this.cameras.label(event.camera_id) : '—'),
            el('td', {}, event.similarity === null ? '—' : formatNumber(event.similarity, 3)),
          ),
        ),
      );
      localize(this.summary, 'history.summary', {
        count: page.total,
        first: page.items.length === 0 ? 0 : this.offset + 1,
        last: this.offset + page.items.length,
      });
    } catch (error) {
      if (error instanceof ApiError) {
        this.summary.removeAttribute('data-i18n');
        this.summary.textContent = error.message;
      } else localize(this.summary, 'history.loadFailed');
    }
  }

  private async exportCsv(): Promise<void> {
    const all: AttendanceEvent[] = [];
    for (let offset = 0; ; offset += EXPORT_PAGE) {
      const page = await this.api.listAttendance({
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
