import type { Device, PairingCodeCreated } from '@attendance/protocol';
import { t } from '../i18n/i18n.js';
import { el, formatDateTime } from '../shared/dom.js';
import { adminForm, AdminView, listTable, secretOnce } from './admin-view.js';
import { labelled } from './rendered-view.js';

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
export class DevicesView extends AdminView {
  private devices: Device[] = [];
  private pending: PendingCode[] = [];
  /** The code just created: kept only in this page's memory, gone on reload. */
  private created: PairingCodeCreated | null = null;

  protected async load(): Promise<void> {
    const [devices, pending] = await Promise.all([this.api.listDevices(), this.api.listPairingCodes()]);
    this.devices = devices.items;
    this.pending = pending.items;
  }

  protected render(): void {
    this.renderPage(
      { title: t('devices.title') },
      el('h3', {}, t('devices.pairTitle')),
      el('p', { class: 'muted' }, t('devices.pairIntro')),
      this.pairingForm(),
      this.created && this.createdCode(this.created),
      el('h3', {}, t('devices.pendingTitle')),
      listTable(
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
        { id: 'pending-codes-table', empty: t('devices.noPending') },
      ),
      el('h3', {}, t('devices.devicesTitle')),
      listTable(
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
        { id: 'devices-table', empty: t('devices.none') },
      ),
    );
  }

  private pairingForm(): HTMLFormElement {
    return adminForm(
      { id: 'pairing-form' },
      [
        labelled(
          t('devices.camera'),
          el('input', { name: 'camera_id', required: true, pattern: CAMERA_ID_PATTERN, maxlength: 64 }),
        ),
        labelled(
          t('devices.validMinutes'),
          el('input', { name: 'ttl_minutes', type: 'number', min: 1, max: 60, value: 10, required: true }),
        ),
      ],
      t('devices.createCode'),
      (values) => {
        const body = { camera_id: values.camera_id ?? '', ttl_minutes: Number(values.ttl_minutes) };
        this.change(async () => {
          this.created = await this.api.createPairingCode(body);
        }, '');
      },
    );
  }

  private createdCode(created: PairingCodeCreated): HTMLElement {
    return secretOnce({
      id: 'pairing-code',
      intro: t('devices.codeFor', { camera: created.camera_id }),
      secret: created.code,
      notes: [t('devices.codeExpires', { time: formatDateTime(created.expires_at) }), t('devices.codeOnce')],
    });
  }

  private row(device: Device): HTMLTableRowElement {
    const revoke = this.confirmButton(t('devices.revoke'), {
      question: t('devices.revokeConfirm', { name: device.name }),
      call: () => this.api.post(`/v1/devices/${device.id}/revoke`),
      success: t('devices.revoked', { name: device.name }),
    });
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
