import type {
  Webhook,
  WebhookCreate,
  WebhookCreated,
  WebhookDelivery,
  WebhookDeliveryQuery,
  WebhookUpdate,
} from '@attendance/protocol';
import type { Database } from '../db/database.js';
import { AppError, notFound } from '../errors.js';
import { integrationEvent } from '../integrations/integration-events.js';
import { UrlRefusedError, type UrlPolicy } from '../integrations/url-policy.js';
import { newWebhookSecret } from '../integrations/webhook-signature.js';
import type { WebhookRepository } from '../repositories/webhook.repository.js';

/** Webhook endpoints (admin): CRUD with the URL policy checked on every new URL, delivery log, redelivery, ping. */
export class WebhookService {
  constructor(
    private readonly db: Database,
    private readonly webhooks: WebhookRepository,
    private readonly policy: UrlPolicy,
  ) {}

  /** The answer carries the signing secret: the only time it is shown. */
  async create(input: WebhookCreate): Promise<WebhookCreated> {
    await this.#checkUrl(input.url);
    const secret = newWebhookSecret();
    const created = await this.webhooks.create(this.db, {
      url: input.url,
      events: input.events,
      description: input.description ?? null,
      enabled: input.enabled,
      secret,
    });
    return { ...created, secret };
  }

  list(): Promise<Webhook[]> {
    return this.webhooks.list(this.db);
  }

  async get(id: string): Promise<Webhook> {
    return (await this.webhooks.findById(this.db, id)) ?? Promise.reject(notFound('webhook'));
  }

  async update(id: string, patch: WebhookUpdate): Promise<Webhook> {
    const current = await this.get(id);
    if (patch.url !== undefined && patch.url !== current.url) await this.#checkUrl(patch.url);
    const updated = await this.webhooks.update(this.db, id, {
      url: patch.url ?? current.url,
      events: patch.events ?? current.events,
      description: patch.description === undefined ? current.description : patch.description,
      enabled: patch.enabled ?? current.enabled,
    });
    return updated ?? Promise.reject(notFound('webhook'));
  }

  async delete(id: string): Promise<void> {
    if (!(await this.webhooks.delete(this.db, id))) throw notFound('webhook');
  }

  async deliveries(
    id: string,
    query: WebhookDeliveryQuery,
  ): Promise<{ items: WebhookDelivery[]; total: number }> {
    await this.get(id);
    return this.webhooks.listDeliveries(this.db, id, query);
  }

  /** Sends the same event (same id) again, whatever its state. */
  async redeliver(id: string, deliveryId: string): Promise<WebhookDelivery> {
    if (!(await this.webhooks.redeliver(this.db, id, deliveryId))) throw notFound('delivery');
    return (
      (await this.webhooks.findDelivery(this.db, id, deliveryId)) ?? Promise.reject(notFound('delivery'))
    );
  }

  /** Queues a `webhook.ping` event for this endpoint only (even when disabled it is queued, not sent). */
  async ping(id: string): Promise<WebhookDelivery> {
    await this.get(id);
    const event = integrationEvent('webhook.ping', { endpoint_id: id });
    const deliveryId = await this.db.transaction((tx) => this.webhooks.enqueueForEndpoint(tx, event, id));
    return (
      (await this.webhooks.findDelivery(this.db, id, deliveryId)) ?? Promise.reject(notFound('delivery'))
    );
  }

  async #checkUrl(url: string): Promise<void> {
    try {
      await this.policy.checkUrl(url);
    } catch (error) {
      if (error instanceof UrlRefusedError) {
        throw new AppError('webhook_url_refused', `webhook URL refused: ${error.message}`);
      }
      throw error;
    }
  }
}
