import type { Webhook, WebhookDelivery } from '@attendance/protocol';
import { t } from '../i18n/i18n.js';
import type { ApiClient } from '../shared/api-client.js';
import { el, formatDateTime, replaceChildren } from '../shared/dom.js';
import { actionButton, listTable } from './admin-view.js';

/** How many of an endpoint's newest deliveries the log shows. */
const LOG_SIZE = 50;

export const deliveriesOf = (api: ApiClient, endpointId: string, limit = LOG_SIZE) =>
  api.listWebhookDeliveries(endpointId, { limit });

/** A delivery's outcome in a few words: its state and the receiver's HTTP status when one answered. */
export function deliveryState(delivery: WebhookDelivery): string {
  const state = t(`webhooks.statuses.${delivery.status}`);
  return delivery.last_status_code === null ? state : `${state} (${String(delivery.last_status_code)})`;
}

/**
 * One endpoint's delivery log, newest first: event, state, attempts, last error, latency, time, and
 * "redeliver" (the same event id again, for the receiver to deduplicate).
 */
export class DeliveryLog {
  readonly element = el('section', { id: 'webhook-deliveries', class: 'card' });

  constructor(
    private readonly api: ApiClient,
    private readonly on: { done: (text: string) => void; failed: (failure: unknown) => void },
  ) {
    this.element.hidden = true;
  }

  async show(endpoint: Webhook): Promise<void> {
    const page = await deliveriesOf(this.api, endpoint.id);
    const reload = actionButton(t('webhooks.reloadLog'), () => void this.show(endpoint), { name: 'reload' });
    const close = actionButton(t('webhooks.closeLog'), () => (this.element.hidden = true), { name: 'close' });
    replaceChildren(
      this.element,
      el('h3', {}, t('webhooks.logTitle')),
      el('p', { class: 'muted', translate: 'no' }, endpoint.url),
      el(
        'p',
        { class: 'muted small' },
        t('webhooks.logShown', { shown: page.items.length, total: page.total }),
      ),
      el('div', { class: 'toolbar' }, reload, close),
      listTable(
        [
          t('webhooks.event'),
          t('webhooks.occurred'),
          t('webhooks.state'),
          t('webhooks.attempts'),
          t('webhooks.lastError'),
          t('webhooks.latency'),
          t('webhooks.lastAttempt'),
          '',
        ],
        page.items.map((delivery) => this.row(endpoint, delivery)),
        { id: 'deliveries-table', empty: t('webhooks.noDeliveries') },
      ),
    );
    this.element.dataset.endpoint = endpoint.id;
    this.element.hidden = false;
  }

  private row(endpoint: Webhook, delivery: WebhookDelivery): HTMLTableRowElement {
    const redeliver = actionButton(
      t('webhooks.redeliver'),
      () =>
        void this.api
          .post(`/v1/webhooks/${endpoint.id}/deliveries/${delivery.id}/redeliver`)
          .then(() => {
            this.on.done(t('webhooks.redelivered', { event: delivery.event_type }));
            return this.show(endpoint);
          })
          .catch(this.on.failed),
      { name: 'redeliver' },
    );
    const latency = delivery.last_latency_ms;
    return el(
      'tr',
      {
        'data-delivery': delivery.id,
        'data-event-id': delivery.event_id,
        'data-status': delivery.status,
        'data-status-code': delivery.last_status_code ?? '',
      },
      el('td', { translate: 'no' }, delivery.event_type),
      el('td', {}, formatDateTime(delivery.occurred_at)),
      el('td', {}, deliveryState(delivery)),
      el('td', {}, delivery.attempts),
      el('td', { class: 'wrap', translate: 'no' }, delivery.last_error ?? '—'),
      el('td', {}, latency === null ? '—' : t('webhooks.milliseconds', { ms: latency })),
      el('td', {}, delivery.last_attempt_at ? formatDateTime(delivery.last_attempt_at) : '—'),
      el('td', { class: 'actions' }, redeliver),
    );
  }
}
