import { z } from 'zod';
import { pageOf, PageQuerySchema } from './page.js';
import { INTEGRATION_EVENT_TYPES, type IntegrationEventType } from './webhook-events.js';

const EventTypeSchema = z.enum(INTEGRATION_EVENT_TYPES as [IntegrationEventType, ...IntegrationEventType[]]);

/** `POST /v1/webhooks`. An empty `events` list subscribes to every event type. */
export const WebhookCreateSchema = z.strictObject({
  url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .describe('Where events are POSTed (http or https; the URL policy decides which hosts)'),
  events: z.array(EventTypeSchema).max(50).default([]).describe('Event types to send; empty: every type'),
  description: z.string().trim().max(200).optional().describe('A note for people (up to 200 characters)'),
  enabled: z.boolean().default(true).describe('False: nothing is sent'),
});
export type WebhookCreate = z.infer<typeof WebhookCreateSchema>;

export const WebhookUpdateSchema = z
  .strictObject({
    url: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .describe('Where events are POSTed'),
    events: z.array(EventTypeSchema).max(50).describe('Event types to send; empty: every type'),
    description: z.string().trim().max(200).nullable().describe('A note for people; null removes it'),
    enabled: z.boolean().describe('False: nothing is sent'),
  })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, 'nothing to update');
export type WebhookUpdate = z.infer<typeof WebhookUpdateSchema>;

/** An endpoint as listed: never its secret. */
export const WebhookSchema = z.object({
  id: z.uuid(),
  url: z.string(),
  events: z.array(z.string()),
  description: z.string().nullable(),
  enabled: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
  /** Deliveries still to be made (pending) and given up on (dead). */
  pending: z.number().int(),
  dead: z.number().int(),
});
export type Webhook = z.infer<typeof WebhookSchema>;

/** The answer to creation: the only time the signing secret is shown. */
export const WebhookCreatedSchema = WebhookSchema.extend({ secret: z.string() });
export type WebhookCreated = z.infer<typeof WebhookCreatedSchema>;

export const WebhookListSchema = z.object({ items: z.array(WebhookSchema) });

export const DELIVERY_STATUSES = ['pending', 'delivered', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const WebhookDeliverySchema = z.object({
  id: z.uuid(),
  event_id: z.uuid(),
  event_type: z.string(),
  occurred_at: z.string(),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number().int(),
  next_attempt_at: z.string().nullable(),
  last_attempt_at: z.string().nullable(),
  /** HTTP status of the last answer, null when none came (refused, timeout, connection error). */
  last_status_code: z.number().int().nullable(),
  last_error: z.string().nullable(),
  last_latency_ms: z.number().int().nullable(),
  delivered_at: z.string().nullable(),
});
export type WebhookDelivery = z.infer<typeof WebhookDeliverySchema>;

export const WebhookDeliveryQuerySchema = PageQuerySchema.extend({
  status: z.enum(DELIVERY_STATUSES).optional().describe('Only deliveries in this state'),
});
export type WebhookDeliveryQuery = z.infer<typeof WebhookDeliveryQuerySchema>;

export const WebhookDeliveryListSchema = pageOf(WebhookDeliverySchema);

/** Answer of redelivery and test ping: the delivery now pending. */
export const WebhookDeliveryQueuedSchema = z.object({ delivery: WebhookDeliverySchema });
