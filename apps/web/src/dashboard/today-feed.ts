import type { AttendanceEvent, ServerEvent } from '@attendance/protocol';
import type { ApiClient } from '../shared/api-client.js';
import { formatNumber, formatTime, localDay } from '../i18n/format.js';
import { localize } from '../i18n/i18n.js';
import { el } from '../shared/dom.js';
import type { CameraNames } from './camera-names.js';

const MAX_UNKNOWN = 20;

/** Today's attendance: loaded once, then kept current by live events (no polling). */
export class TodayFeed {
  private readonly seen = new Set<string>();

  constructor(
    private readonly api: ApiClient,
    private readonly list: HTMLElement,
    private readonly unknownList: HTMLElement,
    private readonly count: HTMLElement,
    private readonly cameras: CameraNames,
  ) {}

  async load(): Promise<void> {
    const today = localDay();
    const page = await this.api.listAttendance({
      from: today,
      to: today,
      limit: 200,
    });
    for (const event of page.items.slice().reverse()) this.add(event, false);
  }

  onEvent(event: ServerEvent): void {
    if (event.type === 'attendance.recorded') this.add(event.payload, true);
    if (event.type === 'spoof.attempt') {
      const { at, score } = event.payload;
      const camera = this.cameras.label(event.payload.camera_id);
      this.note('today.spoof', { time: formatTime(at), camera, score: formatNumber(score, 2) });
    }
    if (event.type === 'face.unknown') {
      const { at, similarity } = event.payload;
      const camera = this.cameras.label(event.payload.camera_id);
      const time = formatTime(at);
      if (similarity === null) this.note('today.unknown', { time, camera });
      else this.note('today.unknownBest', { time, camera, similarity: formatNumber(similarity, 2) });
    }
  }

  private note(key: string, params: Record<string, string>): void {
    const item = el('li');
    localize(item, key, params);
    this.unknownList.prepend(item);
    while (this.unknownList.children.length > MAX_UNKNOWN) this.unknownList.lastElementChild?.remove();
  }

  private add(event: AttendanceEvent, fresh: boolean): void {
    if (this.seen.has(event.id)) return;
    this.seen.add(event.id);
    const meta = el('div', { class: 'meta' });
    localize(meta, 'today.meta', {
      time: formatTime(event.recorded_at),
      camera: event.camera_id ? this.cameras.label(event.camera_id) : '—',
      similarity: event.similarity === null ? '—' : formatNumber(event.similarity, 2),
    });
    const item = el(
      'li',
      { class: fresh ? 'fresh' : '', 'data-event': event.id },
      el('div', { class: 'who', translate: 'no' }, event.person.name),
      meta,
    );
    this.list.prepend(item);
    this.count.textContent = String(this.seen.size);
  }
}
