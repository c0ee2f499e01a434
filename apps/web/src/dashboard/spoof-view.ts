import type { ServerEvent, SpoofEvent } from '@attendance/protocol';
import { formatNumber } from '../i18n/format.js';
import { localizedText } from '../i18n/i18n.js';
import type { ApiClient } from '../shared/api-client.js';
import { el, formatDateTime, replaceChildren } from '../shared/dom.js';
import type { CameraNames } from './camera-names.js';
import { table } from './table.js';

const SHOWN = 100;

/** A cell whose text follows a language switch (the rows are kept, not redrawn). */
const localizedCell = (key: string) => el('td', {}, localizedText(key));

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
    private readonly names: CameraNames,
  ) {}

  async show(): Promise<void> {
    if (!this.built) this.build();
    this.unread = 0;
    this.badge.textContent = '';
    const [page, cameras] = await Promise.all([
      this.api.listSpoofEvents({ limit: SHOWN }),
      this.api.listCameras(),
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
          el('td', { translate: 'no' }, this.names.label(camera.id)),
          el(
            'td',
            {},
            el(
              'span',
              { class: `chip ${camera.liveness.mode === 'enforce' ? 'ok' : 'warn'}` },
              localizedText(`cameras.modes.${camera.liveness.mode}`),
            ),
          ),
          el('td', {}, formatNumber(camera.liveness.threshold, 2)),
          camera.liveness.require_challenge ? localizedCell('spoofing.required') : el('td', {}, '—'),
          el(
            'td',
            { class: 'muted' },
            localizedText(camera.liveness.explicit ? 'spoofing.explicit' : 'spoofing.serverDefault'),
          ),
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
        el('td', { translate: 'no' }, this.names.label(event.camera_id)),
        el('td', {}, formatNumber(event.score, 2)),
        localizedCell(`spoofing.reasons.${event.reason}`),
        localizedCell(event.mode === 'enforce' ? 'spoofing.refused' : 'spoofing.recordedWarn'),
      ),
    );
    while (this.rows.children.length > SHOWN) this.rows.lastElementChild?.remove();
  }

  private build(): void {
    this.built = true;
    const headers = (keys: string[]) => keys.map((key) => localizedText(`spoofing.${key}`));
    replaceChildren(
      this.root,
      el('h2', {}, localizedText('spoofing.title')),
      el('p', { class: 'muted' }, localizedText('spoofing.intro')),
      table(headers(['when', 'camera', 'score', 'reason', 'outcome']), this.rows, { id: 'spoof-table' }),
      el('h3', {}, localizedText('spoofing.policyTitle')),
      table(headers(['camera', 'mode', 'threshold', 'headTurn', 'source']), this.cameras, {
        id: 'camera-policy-table',
      }),
    );
  }
}
