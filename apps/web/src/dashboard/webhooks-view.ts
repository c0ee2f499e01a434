import type { Webhook, WebhookCreated, WebhookDelivery } from '@attendance/protocol';
import { t } from '../i18n/i18n.js';
import { el } from '../shared/dom.js';
import { actionButton, adminForm, AdminView, listTable, secretOnce } from './admin-view.js';
import { openFormDialog } from './form-dialog.js';
import { failureText, say } from './rendered-view.js';
import { DeliveryLog, deliveriesOf, deliveryState } from './webhook-deliveries.js';
import { webhookBody, webhookFailureText, webhookFields } from './webhook-fields.js';

/**
 * Webhooks (admin): endpoints with their event filter, state and last delivery; create one (the signing
 * secret shown once), edit, enable or disable, send a test ping, delete; each endpoint's delivery log with
 * redelivery. See docs/integrations.md.
 */
export class WebhooksView extends AdminView {
  private endpoints: { endpoint: Webhook; last: WebhookDelivery | undefined }[] = [];
  private created: WebhookCreated | null = null;
  private readonly log = new DeliveryLog(this.api, {
    done: (text) => say(this.message, text, true),
    failed: (failure) => say(this.message, failureText(failure), false),
  });

  protected async load(): Promise<void> {
    const { items } = await this.api.listWebhooks();
    this.endpoints = await Promise.all(
      items.map(async (endpoint) => ({
        endpoint,
        last: (await deliveriesOf(this.api, endpoint.id, 1)).items[0],
      })),
    );
  }

  protected render(): void {
    this.renderPage(
      { title: t('webhooks.title'), intro: t('webhooks.intro') },
      this.createForm(),
      this.created &&
        secretOnce({
          id: 'webhook-secret',
          intro: t('webhooks.secretFor', { url: this.created.url }),
          secret: this.created.secret,
          notes: [t('webhooks.secretOnce')],
        }),
      listTable(
        [
          t('webhooks.url'),
          t('webhooks.events'),
          t('webhooks.state'),
          t('webhooks.lastDelivery'),
          t('webhooks.queue'),
          '',
        ],
        this.endpoints.map(({ endpoint, last }) => this.row(endpoint, last)),
        { id: 'webhooks-table', empty: t('webhooks.none') },
      ),
      this.log.element,
    );
    const shown = this.endpoints.find(({ endpoint }) => endpoint.id === this.log.element.dataset.endpoint);
    if (shown && !this.log.element.hidden) void this.log.show(shown.endpoint);
  }

  private createForm(): HTMLFormElement {
    return adminForm({ id: 'webhook-form' }, webhookFields(), t('webhooks.create'), (_values, form) =>
      this.change(
        async () => {
          this.created = await this.api.createWebhook(webhookBody(form));
        },
        '',
        webhookFailureText,
      ),
    );
  }

  private row(endpoint: Webhook, last: WebhookDelivery | undefined): HTMLTableRowElement {
    const edit = actionButton(t('webhooks.edit'), () => this.openEdit(endpoint), { name: 'edit' });
    const toggle = actionButton(
      t(endpoint.enabled ? 'webhooks.disable' : 'webhooks.enable'),
      () =>
        this.change(
          () => this.api.patch(`/v1/webhooks/${endpoint.id}`, { enabled: !endpoint.enabled }),
          t('webhooks.saved'),
        ),
      { name: 'toggle' },
    );
    const ping = actionButton(
      t('webhooks.ping'),
      () => this.change(() => this.api.post(`/v1/webhooks/${endpoint.id}/ping`), t('webhooks.pinged')),
      { name: 'ping' },
    );
    const deliveries = actionButton(
      t('webhooks.deliveries'),
      () =>
        void this.log
          .show(endpoint)
          .catch((failure: unknown) => say(this.message, failureText(failure), false)),
      { name: 'deliveries' },
    );
    const remove = actionButton(
      t('webhooks.delete'),
      () => {
        this.log.element.hidden = true;
        this.confirmedChange(
          t('webhooks.deleteConfirm', { url: endpoint.url }),
          () => this.api.delete(`/v1/webhooks/${endpoint.id}`),
          t('webhooks.deleted'),
        );
      },
      { name: 'delete', danger: true },
    );
    return el(
      'tr',
      { 'data-webhook': endpoint.id, 'data-enabled': String(endpoint.enabled) },
      el('td', { class: 'wrap', translate: 'no' }, endpoint.url),
      endpoint.events.length === 0
        ? el('td', {}, t('webhooks.allEvents'))
        : el('td', { translate: 'no' }, endpoint.events.join(', ')),
      el('td', {}, t(endpoint.enabled ? 'webhooks.on' : 'webhooks.off')),
      el('td', { 'data-last': last?.status ?? '' }, last ? deliveryState(last) : t('webhooks.never')),
      el('td', {}, t('webhooks.queueCounts', { pending: endpoint.pending, dead: endpoint.dead })),
      el('td', { class: 'actions' }, deliveries, ping, edit, toggle, remove),
    );
  }

  private openEdit(endpoint: Webhook): void {
    openFormDialog({
      id: 'webhook-edit-form',
      title: t('webhooks.editTitle'),
      fields: webhookFields(endpoint),
      submitLabel: t('common.save'),
      explain: webhookFailureText,
      submit: async (form) => {
        await this.api.patch(`/v1/webhooks/${endpoint.id}`, webhookBody(form));
        say(this.message, t('webhooks.saved'), true);
        await this.refresh();
      },
    });
  }
}
