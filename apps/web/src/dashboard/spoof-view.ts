import type { Camera, ServerEvent, SpoofEvent } from '@attendance/protocol';
import type { ApiClient } from '../shared/api-client.js';
import { el, formatDateTime, replaceChildren } from '../shared/dom.js';
import { table } from './table.js';

const SHOWN = 100;

const REASON_TEXT: Record<SpoofEvent['reason'], string> = {
  passive_spoof: 'passive score (photo / screen suspected)',
  challenge_timeout: 'head-turn challenge: too slow',
  challenge_no_turn: 'head-turn challenge: no turn',
  challenge_wrong_direction: 'head-turn challenge: wrong way',
  challenge_identity_changed: 'head-turn challenge: face swapped',
  challenge_track_changed: 'head-turn challenge: face lost',
};

/**
 * Spoof attempts reported by cameras and kiosks (camera, time, score, reason — never an image), newest
 * first, kept current by the relay's `spoof.attempt` events; and each camera's liveness policy.
 */
export class SpoofView {
  private readonly rows = el('tbody');
  private readonly cameras = el('tbody');
  private readonly seen = new Set<string>();
  private built = false;
  private unread = 0;

  constructor(
    private readonly api: ApiClient,
    private readonly root: HTMLElement,
    /** The nav button, which shows a count of attempts that arrived while another view was open. */
    private readonly badge: HTMLElement,
  ) {}

  async show(): Promise<void> {
    if (!this.built) this.build();
    this.unread = 0;
    this.badge.textContent = '';
    const [page, cameras] = await Promise.all([
      this.api.get<{ items: SpoofEvent[] }>('/v1/spoof-events', { limit: SHOWN }),
      this.api.get<{ items: Camera[] }>('/v1/cameras'),
    ]);
    replaceChildren(this.rows);
    this.seen.clear();
    for (const event of page.items.slice().reverse()) this.add(event, false);
    replaceChildren(
      this.cameras,
      ...cameras.items.map((camera) =>
        el(
          'tr',
          {},
          el('td', {}, camera.id),
          el(
            'td',
            {},
            el(
              'span',
              { class: `chip ${camera.liveness.mode === 'enforce' ? 'ok' : 'warn'}` },
              camera.liveness.mode,
            ),
          ),
          el('td', {}, camera.liveness.threshold.toFixed(2)),
          el('td', {}, camera.liveness.require_challenge ? 'required' : '—'),
          el('td', { class: 'muted' }, camera.liveness.explicit ? 'set for this camera' : 'server default'),
        ),
      ),
    );
  }

  onEvent(event: ServerEvent): void {
    if (event.type !== 'spoof.attempt') return;
    const { at, ...rest } = event.payload;
    this.add({ ...rest, captured_at: at }, true);
    if (this.root.hidden) {
      this.unread++;
      this.badge.textContent = String(this.unread);
    }
  }

  private add(event: SpoofEvent, fresh: boolean): void {
    if (this.seen.has(event.id)) return;
    this.seen.add(event.id);
    this.rows.prepend(
      el(
        'tr',
        { class: fresh ? 'fresh' : '', 'data-spoof': event.id },
        el('td', {}, formatDateTime(event.captured_at)),
        el('td', {}, event.camera_id),
        el('td', {}, event.score.toFixed(2)),
        el('td', {}, REASON_TEXT[event.reason]),
        el('td', {}, event.mode === 'enforce' ? 'refused' : 'recorded (warn)'),
      ),
    );
    while (this.rows.children.length > SHOWN) this.rows.lastElementChild?.remove();
  }

  private build(): void {
    this.built = true;
    replaceChildren(
      this.root,
      el('h2', {}, 'Spoof attempts'),
      el(
        'p',
        { class: 'muted' },
        'Faces a camera or kiosk judged a photo, a screen or a swapped face. Only the camera, time, score and ' +
          'reason are kept: no image, no embedding, no person.',
      ),
      table(['When', 'Camera', 'Liveness score', 'Reason', 'Outcome'], this.rows, { id: 'spoof-table' }),
      el('h3', {}, 'Liveness policy per camera'),
      table(['Camera', 'Mode', 'Threshold', 'Head turn', 'Source'], this.cameras, {
        id: 'camera-policy-table',
      }),
    );
  }
}
