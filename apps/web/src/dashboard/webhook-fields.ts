import {
  INTEGRATION_EVENT_TYPES,
  type Webhook,
  type WebhookCreate,
  type WebhookUpdate,
} from '@attendance/protocol';
import { t } from '../i18n/i18n.js';
import { ApiError } from '../shared/api-client.js';
import { el } from '../shared/dom.js';
import { checkedValues } from './admin-view.js';
import { failureText, formValues, labelled } from './rendered-view.js';

/**
 * The fields of a webhook endpoint, for the create form and the edit dialog: URL, the event types it gets
 * (one checkbox each; none ticked = every type, as the API reads an empty list) and whether it is on.
 */
export function webhookFields(current?: Webhook): HTMLElement[] {
  const events = new Set(current?.events ?? []);
  return [
    labelled(
      t('webhooks.url'),
      el('input', {
        name: 'url',
        type: 'url',
        required: true,
        maxlength: 2000,
        placeholder: 'https://',
        size: 48,
        value: current?.url,
        translate: 'no',
      }),
    ),
    el(
      'fieldset',
      { class: 'checks' },
      el('legend', {}, t('webhooks.events'), ' ', el('span', { class: 'muted' }, t('webhooks.eventsHint'))),
      ...INTEGRATION_EVENT_TYPES.map((type) =>
        el(
          'label',
          { class: 'check' },
          el('input', { type: 'checkbox', name: 'events', value: type, checked: events.has(type) }),
          el('span', { translate: 'no' }, type),
        ),
      ),
    ),
    el(
      'label',
      { class: 'check' },
      el('input', { type: 'checkbox', name: 'enabled', checked: current?.enabled ?? true }),
      t('webhooks.enabled'),
    ),
  ];
}

/** What the fields say, as the API's create/update body (every field: the edit dialog replaces them all). */
export function webhookBody(form: HTMLFormElement): Required<Pick<WebhookUpdate, 'url' | 'enabled'>> & {
  events: WebhookCreate['events'];
} {
  const values = formValues(form);
  return {
    url: values.url ?? '',
    events: checkedValues(form, 'events') as WebhookCreate['events'],
    enabled: values.enabled !== undefined,
  };
}

/** A refused URL (link-local, metadata, or loopback/private not allowed) in words, with the server's reason. */
export function webhookFailureText(failure: unknown): string {
  if (failure instanceof ApiError && failure.code === 'webhook_url_refused') {
    return t('webhooks.urlRefused', { reason: failure.message });
  }
  return failureText(failure);
}
