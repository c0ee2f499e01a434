import type { AttendanceEvent, ServerEvent } from '@attendance/protocol';
import type { ApiClient } from '../shared/api-client.js';
import { el, formatTime, localDay } from '../shared/dom.js';

const MAX_UNKNOWN = 20;

/** Today's attendance: loaded once, then kept current by live events (no polling). */
export class TodayFeed {
  private readonly seen = new Set<string>();

  constructor(
    private readonly api: ApiClient,
    private readonly list: HTMLElement,
    private readonly unknownList: HTMLElement,
    private readonly count: HTMLElement,
  ) {}

  async load(): Promise<void> {
    const today = localDay();
    const page = await this.api.get<{ items: AttendanceEvent[] }>('/v1/attendance', {
      from: today,
      to: today,
      limit: 200,
    });
    for (const event of page.items.slice().reverse()) this.add(event, false);
  }

  onEvent(event: ServerEvent): void {
    if (event.type === 'attendance.recorded') this.add(event.payload, true);
    if (event.type === 'spoof.attempt') {
      this.note(
        `${formatTime(event.payload.at)} · ${event.payload.camera_id} · spoof attempt (liveness ${event.payload.score.toFixed(2)})`,
      );
    }
    if (event.type === 'face.unknown') {
      const similarity =
        event.payload.similarity === null ? '' : ` · best ${event.payload.similarity.toFixed(2)}`;
      this.note(`${formatTime(event.payload.at)} · ${event.payload.camera_id}${similarity}`);
    }
  }

  private note(text: string): void {
    this.unknownList.prepend(el('li', {}, text));
    while (this.unknownList.children.length > MAX_UNKNOWN) this.unknownList.lastElementChild?.remove();
  }

  private add(event: AttendanceEvent, fresh: boolean): void {
    if (this.seen.has(event.id)) return;
    this.seen.add(event.id);
    const item = el(
      'li',
      { class: fresh ? 'fresh' : '', 'data-event': event.id },
      el('div', { class: 'who' }, event.person.name),
      el(
        'div',
        { class: 'meta' },
        `${formatTime(event.recorded_at)} · ${event.camera_id} · similarity ${event.similarity.toFixed(2)}`,
      ),
    );
    this.list.prepend(item);
    this.count.textContent = String(this.seen.size);
  }
}
