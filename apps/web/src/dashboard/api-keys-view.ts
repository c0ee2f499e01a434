import { API_KEY_SCOPES, type ApiKey, type ApiKeyCreate, type ApiKeyCreated } from '@attendance/protocol';
import { t } from '../i18n/i18n.js';
import { el, formatDateTime } from '../shared/dom.js';
import { CAMERA_ID_PATTERN } from './devices-view.js';
import { adminForm, AdminView, secretOnce } from './admin-view.js';
import { labelled, say } from './rendered-view.js';
import { table } from './table.js';

/** What the page sends for the form's values, or the reason it refuses them before asking the server. */
export function keyRequest(
  values: Record<string, string>,
  now = Date.now(),
): { ok: true; body: ApiKeyCreate } | { ok: false; reason: string } {
  const scope = values.scope as ApiKeyCreate['scopes'][number];
  const body: ApiKeyCreate = { name: values.name ?? '', scopes: [scope] };
  if (values.expires) {
    // datetime-local has no zone: it is this browser's local time.
    const expires = new Date(values.expires);
    if (Number.isNaN(expires.getTime())) return { ok: false, reason: t('keys.badExpiry') };
    if (expires.getTime() <= now) return { ok: false, reason: t('keys.pastExpiry') };
    body.expires_at = expires.toISOString();
  }
  if (values.camera_id) {
    if (scope !== 'edge') return { ok: false, reason: t('keys.cameraNeedsEdge') };
    body.camera_id = values.camera_id;
  }
  return { ok: true, body };
}

/** API keys (admin): create one (scope, optional camera and expiry; the secret shown once), list, revoke. */
export class ApiKeysView extends AdminView {
  private keys: ApiKey[] = [];
  private created: ApiKeyCreated | null = null;

  protected async load(): Promise<void> {
    this.keys = (await this.api.listApiKeys()).items;
  }

  protected render(): void {
    this.renderPage(
      { title: t('keys.title'), intro: t('keys.intro') },
      this.form(),
      this.created && this.secret(this.created),
      table(
        [
          t('keys.name'),
          t('keys.prefix'),
          t('keys.scope'),
          t('keys.camera'),
          t('keys.created'),
          t('keys.expires'),
          t('keys.lastUsed'),
          t('keys.state'),
          '',
        ],
        this.keys.map((key) => this.row(key)),
        { id: 'api-keys-table' },
      ),
    );
  }

  private form(): HTMLFormElement {
    return adminForm(
      { id: 'key-form' },
      [
        labelled(t('keys.name'), el('input', { name: 'name', required: true, maxlength: 100 })),
        labelled(
          t('keys.scope'),
          el(
            'select',
            { name: 'scope' },
            ...API_KEY_SCOPES.map((scope) => el('option', { value: scope }, t(`keys.scopes.${scope}`))),
          ),
        ),
        labelled(
          t('keys.cameraOptional'),
          el('input', { name: 'camera_id', pattern: CAMERA_ID_PATTERN, maxlength: 64 }),
        ),
        labelled(t('keys.expiresOptional'), el('input', { name: 'expires', type: 'datetime-local' })),
      ],
      t('keys.create'),
      (values) => {
        const request = keyRequest(values);
        if (!request.ok) {
          say(this.message, request.reason, false);
          return;
        }
        this.change(async () => {
          this.created = await this.api.createApiKey(request.body);
        }, '');
      },
    );
  }

  private secret(created: ApiKeyCreated): HTMLElement {
    return secretOnce({
      id: 'key-secret',
      intro: t('keys.secretFor', { name: created.name }),
      secret: created.key,
      notes: [t('keys.secretOnce')],
    });
  }

  private row(key: ApiKey): HTMLTableRowElement {
    const expired = key.expires_at !== null && Date.parse(key.expires_at) <= Date.now();
    const state = key.revoked_at ? 'revoked' : expired ? 'expired' : 'active';
    const revoke = this.confirmButton(t('keys.revoke'), {
      question: t('keys.revokeConfirm', { name: key.name }),
      call: () => this.api.revokeApiKey(key.id),
      success: t('keys.revoked', { name: key.name }),
    });
    const when = (iso: string | null, none: string) => (iso ? formatDateTime(iso) : none);
    return el(
      'tr',
      { 'data-key-id': key.id, 'data-state': state },
      el('td', { translate: 'no' }, key.name),
      el('td', { translate: 'no' }, `${key.key_prefix}…`),
      el('td', {}, key.scopes.map((scope) => t(`keys.scopes.${scope}`)).join(', ')),
      el('td', { translate: 'no' }, key.camera_id ?? t('keys.anyCamera')),
      el('td', {}, formatDateTime(key.created_at)),
      el('td', {}, when(key.expires_at, t('keys.never'))),
      el('td', {}, when(key.last_used_at, t('keys.never'))),
      el('td', {}, t(`keys.states.${state}`)),
      el('td', { class: 'actions' }, state !== 'revoked' && revoke),
    );
  }
}
