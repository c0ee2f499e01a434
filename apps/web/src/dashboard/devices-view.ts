import type { Device, PairingCodeCreated } from '@attendance/protocol';
import { t } from '../i18n/i18n.js';
import type { ApiClient } from '../shared/api-client.js';
import { el, formatDateTime, replaceChildren } from '../shared/dom.js';
import { failureText, formValues, labelled, RenderedView, say } from './rendered-view.js';
import { table } from './table.js';

/** The protocol's camera id pattern in the HTML attribute's syntax (the v flag wants the dash escaped). */
export const CAMERA_ID_PATTERN = '[A-Za-z0-9][A-Za-z0-9._:\\-]{0,63}';

interface PendingCode {
  id: string;
  camera_id: string;
  created_at: string;
  expires_at: string;
}

/**
 * Devices and pairing (admin): a pairing code for one camera (shown once, with its expiry), the codes still
 * waiting, and the paired devices with last seen, version and model; revoking one ends its credential.
 */
export class DevicesView extends RenderedView {
  private devices: Device[] = [];
  private pending: PendingCode[] = [];
  /** The code just created: kept only in this page's memory, gone on reload. */
  private created: PairingCodeCreated | null = null;
  private readonly message = el('p', { class: 'notice', role: 'status' });

  constructor(
    private readonly api: ApiClient,
    root: HTMLElement,
  ) {
    super(root);
  }

  protected async load(): Promise<void> {
    const [devices, pending] = await Promise.all([
      this.api.get<{ items: Device[] }>('/v1/devices'),
      this.api.get<{ items: PendingCode[] }>('/v1/pairing-codes'),
    ]);
    this.devices = devices.items;
    this.pending = pending.items;
  }

  protected render(): void {
    replaceChildren(
      this.root,
      el('h2', {}, t('devices.title')),
      this.message,
      el('h3', {}, t('devices.pairTitle')),
      el('p', { class: 'muted' }, t('devices.pairIntro')),
      this.pairingForm(),
      this.created && this.createdCode(this.created),
      el('h3', {}, t('devices.pendingTitle')),
      this.pending.length === 0
        ? el('p', { class: 'muted' }, t('devices.noPending'))
        : table(
            [t('devices.camera'), t('devices.created'), t('devices.expires')],
            this.pending.map((code) =>
              el(
                'tr',
                {},
                el('td', { translate: 'no' }, code.camera_id),
                el('td', {}, formatDateTime(code.created_at)),
                el('td', {}, formatDateTime(code.expires_at)),
              ),
            ),
            { id: 'pending-codes-table' },
          ),
      el('h3', {}, t('devices.devicesTitle')),
      this.devices.length === 0
        ? el('p', { class: 'muted' }, t('devices.none'))
        : table(
            [
              t('devices.name'),
              t('devices.camera'),
              t('devices.model'),
              t('devices.version'),
              t('devices.paired'),
              t('devices.lastSeen'),
              t('devices.state'),
              '',
            ],
            this.devices.map((device) => this.row(device)),
            { id: 'devices-table' },
          ),
    );
  }

  private pairingForm(): HTMLFormElement {
    const form = el(
      'form',
      { id: 'pairing-form', class: 'toolbar' },
      labelled(
        t('devices.camera'),
        el('input', { name: 'camera_id', required: true, pattern: CAMERA_ID_PATTERN, maxlength: 64 }),
      ),
      labelled(
        t('devices.validMinutes'),
        el('input', { name: 'ttl_minutes', type: 'number', min: 1, max: 60, value: 10, required: true }),
      ),
      el('button', { type: 'submit', class: 'primary' }, t('devices.createCode')),
    );
    form.onsubmit = (event) => {
      event.preventDefault();
      const values = formValues(form);
      const body = { camera_id: values.camera_id, ttl_minutes: Number(values.ttl_minutes) };
      this.api.post<PairingCodeCreated>('/v1/pairing-codes', body).then(
        (created) => {
          this.created = created;
          say(this.message, '', true);
          void this.refresh();
        },
        (failure: unknown) => say(this.message, failureText(failure), false),
      );
    };
    return form;
  }

  private createdCode(created: PairingCodeCreated): HTMLElement {
    return el(
      'div',
      { class: 'card secret', id: 'pairing-code' },
      el('span', { class: 'muted' }, t('devices.codeFor', { camera: created.camera_id })),
      el('strong', { class: 'code', translate: 'no', 'data-code': created.code }, created.code),
      el('span', {}, t('devices.codeExpires', { time: formatDateTime(created.expires_at) })),
      el('span', { class: 'muted small' }, t('devices.codeOnce')),
    );
  }

  private row(device: Device): HTMLTableRowElement {
    const revoke = el('button', { type: 'button', class: 'danger' }, t('devices.revoke'));
    revoke.onclick = () => {
      if (!confirm(t('devices.revokeConfirm', { name: device.name }))) return;
      this.api.post(`/v1/devices/${device.id}/revoke`).then(
        () => {
          say(this.message, t('devices.revoked', { name: device.name }), true);
          void this.refresh();
        },
        (failure: unknown) => say(this.message, failureText(failure), false),
      );
    };
    return el(
      'tr',
      { 'data-device': device.id },
      el('td', { translate: 'no' }, device.name),
      el('td', { translate: 'no' }, device.camera_id),
      el('td', { translate: 'no' }, device.model ?? '—'),
      el('td', { translate: 'no' }, device.version ?? '—'),
      el('td', {}, formatDateTime(device.created_at)),
      el('td', {}, device.last_seen_at ? formatDateTime(device.last_seen_at) : t('devices.never')),
      el('td', {}, t(device.revoked_at ? 'devices.stateRevoked' : 'devices.stateActive')),
      el('td', { class: 'actions' }, !device.revoked_at && revoke),
    );
  }
}
