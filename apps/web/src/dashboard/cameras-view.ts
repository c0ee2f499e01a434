import {
  CAMERA_ROLES,
  LIVENESS_MODES,
  type Camera,
  type CameraLiveStatus,
  CAMERA_LOCATION_MAX,
  CAMERA_NAME_MAX,
  type CameraDetailsInput,
  type CameraLivenessInput,
  type CameraRole,
} from '@attendance/protocol';
import { formatNumber } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import type { ApiClient } from '../shared/api-client.js';
import { el, formatDateTime, replaceChildren } from '../shared/dom.js';
import type { CameraNames } from './camera-names.js';
import { failureText, RenderedView } from './rendered-view.js';
import { table } from './table.js';

interface CameraRow {
  id: string;
  camera: Camera | null;
  live: CameraLiveStatus | undefined;
}

const options = <T extends string>(values: readonly T[], chosen: T, label: (value: T) => string) =>
  values.map((value) => el('option', { value, selected: value === chosen }, label(value)));

/**
 * Cameras: each one known to the server (`GET /v1/cameras`) or to the live relay, with its name, location,
 * door role, liveness policy, last frame and online state. Admins change them in the row.
 */
export class CamerasView extends RenderedView {
  private cameras: Camera[] = [];
  private readonly message = el('p', { class: 'notice', role: 'status' });

  constructor(
    private readonly api: ApiClient,
    root: HTMLElement,
    private readonly liveStatuses: () => ReadonlyMap<string, CameraLiveStatus>,
    private readonly names: CameraNames,
  ) {
    super(root);
  }

  protected async load(): Promise<void> {
    this.cameras = (await this.api.listCameras()).items;
    this.names.set(this.cameras);
  }

  protected render(): void {
    const live = this.liveStatuses();
    const ids = [...new Set([...this.cameras.map((camera) => camera.id), ...live.keys()])].sort();
    const rows: CameraRow[] = ids.map((id) => ({
      id,
      camera: this.cameras.find((camera) => camera.id === id) ?? null,
      live: live.get(id),
    }));
    const admin = this.api.hasScope('admin');
    replaceChildren(
      this.root,
      el('h2', {}, t('cameras.title')),
      el('p', { class: 'muted' }, t(admin ? 'cameras.introAdmin' : 'cameras.intro')),
      this.message,
      rows.length === 0
        ? el('p', { class: 'muted' }, t('cameras.none'))
        : table(
            [
              t('cameras.camera'),
              t('cameras.name'),
              t('cameras.location'),
              t('cameras.role'),
              t('cameras.liveness'),
              t('cameras.threshold'),
              t('cameras.headTurn'),
              t('cameras.lastFrame'),
              t('cameras.state'),
              ...(admin ? [''] : []),
            ],
            rows.map((row) => (admin ? this.editableRow(row) : this.row(row))),
            { id: 'cameras-table' },
          ),
    );
  }

  private liveCells(row: CameraRow): HTMLTableCellElement[] {
    const lastFrame = row.live?.last_frame_at ?? row.camera?.last_seen_at ?? null;
    const online = row.live?.online ?? false;
    return [
      el('td', { 'data-last-frame': lastFrame ?? '' }, lastFrame ? formatDateTime(lastFrame) : '—'),
      el(
        'td',
        {},
        el(
          'span',
          { class: `chip ${online ? 'online' : 'offline'}`, 'data-online': String(online) },
          t(online ? 'tiles.online' : 'tiles.offline'),
        ),
      ),
    ];
  }

  private row(row: CameraRow): HTMLTableRowElement {
    const policy = row.camera?.liveness;
    return el(
      'tr',
      { 'data-camera': row.id },
      el('td', { translate: 'no' }, row.id),
      el('td', { translate: 'no' }, row.camera?.name ?? '—'),
      el('td', { translate: 'no' }, row.camera?.location ?? '—'),
      el('td', {}, t(`cameras.roles.${row.camera?.role ?? 'both'}`)),
      el('td', {}, policy ? t(`cameras.modes.${policy.mode}`) : '—'),
      el('td', {}, policy ? formatNumber(policy.threshold, 2) : '—'),
      el('td', {}, policy?.require_challenge ? t('cameras.required') : '—'),
      ...this.liveCells(row),
    );
  }

  private editableRow(row: CameraRow): HTMLTableRowElement {
    const policy = row.camera?.liveness;
    const name = el('input', {
      name: 'name',
      maxlength: CAMERA_NAME_MAX,
      value: row.camera?.name ?? '',
      'aria-label': t('cameras.name'),
    });
    const location = el('input', {
      name: 'location',
      maxlength: CAMERA_LOCATION_MAX,
      value: row.camera?.location ?? '',
      'aria-label': t('cameras.location'),
    });
    const role = el(
      'select',
      { name: 'role', 'aria-label': t('cameras.role') },
      ...options(CAMERA_ROLES, row.camera?.role ?? 'both', (value) => t(`cameras.roles.${value}`)),
    );
    const mode = el(
      'select',
      { name: 'liveness', 'aria-label': t('cameras.liveness') },
      ...options(LIVENESS_MODES, policy?.mode ?? 'off', (value) => t(`cameras.modes.${value}`)),
    );
    const threshold = el('input', {
      name: 'threshold',
      type: 'number',
      min: 0,
      max: 1,
      step: 0.01,
      value: policy?.threshold ?? '',
      'aria-label': t('cameras.threshold'),
    });
    const challenge = el('input', {
      name: 'require_challenge',
      type: 'checkbox',
      checked: policy?.require_challenge ?? false,
      'aria-label': t('cameras.headTurn'),
    });
    const save = el('button', { type: 'button', class: 'primary' }, t('common.save'));
    save.onclick = () => {
      const liveness: CameraLivenessInput = {
        mode: mode.value as CameraLivenessInput['mode'],
        require_challenge: challenge.checked,
        ...(threshold.value === '' ? {} : { threshold: Number(threshold.value) }),
      };
      const policyChanged =
        !policy ||
        liveness.mode !== policy.mode ||
        liveness.require_challenge !== policy.require_challenge ||
        (liveness.threshold !== undefined && liveness.threshold !== policy.threshold);
      const details: CameraDetailsInput = {};
      if (name.value.trim() !== (row.camera?.name ?? '')) details.name = name.value.trim() || null;
      if (location.value.trim() !== (row.camera?.location ?? '')) {
        details.location = location.value.trim() || null;
      }
      void this.save(row, role.value as CameraRole, policyChanged ? liveness : null, details);
    };
    return el(
      'tr',
      { 'data-camera': row.id },
      el('td', { translate: 'no' }, row.id),
      el('td', {}, name),
      el('td', {}, location),
      el('td', {}, role),
      el('td', {}, mode),
      el('td', {}, threshold),
      el('td', {}, challenge),
      ...this.liveCells(row),
      el('td', { class: 'actions' }, save),
    );
  }

  /** Only what changed is sent: an untouched policy keeps following the server's defaults. */
  private async save(
    row: CameraRow,
    role: CameraRole,
    liveness: CameraLivenessInput | null,
    details: CameraDetailsInput,
  ): Promise<void> {
    const id = encodeURIComponent(row.id);
    try {
      if (Object.keys(details).length > 0) await this.api.patch(`/v1/cameras/${id}`, details);
      if (role !== (row.camera?.role ?? 'both') || !row.camera) {
        await this.api.put(`/v1/cameras/${id}/role`, { role });
      }
      if (liveness) await this.api.put(`/v1/cameras/${id}/liveness`, liveness);
      this.message.className = 'notice';
      this.message.textContent = t('cameras.saved', { camera: row.id });
      await this.refresh();
    } catch (failure) {
      this.message.className = 'error';
      this.message.textContent = failureText(failure);
    }
  }
}
