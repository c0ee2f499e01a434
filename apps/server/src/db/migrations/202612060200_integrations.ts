import type { Migration } from './migration.js';

/**
 * Integrations: webhook endpoints, and the transactional outbox. An integration event is written in the
 * same transaction as the change it reports, with one delivery row per subscribed endpoint (and a flag
 * for the MQTT publisher); workers claim due rows with FOR UPDATE SKIP LOCKED, so several server
 * instances share them without delivering one twice.
 */
export const integrations: Migration = {
  id: '202612060200_integrations',
  up: [
    `CREATE TABLE webhook_endpoint (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      url text NOT NULL,
      event_types text[] NOT NULL DEFAULT '{}',
      description text,
      secret text NOT NULL,
      enabled boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE TABLE integration_event (
      id uuid PRIMARY KEY,
      type text NOT NULL,
      occurred_at timestamptz NOT NULL,
      body text NOT NULL,
      mqtt_pending boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    'CREATE INDEX integration_event_created_idx ON integration_event (created_at)',
    'CREATE INDEX integration_event_mqtt_idx ON integration_event (occurred_at) WHERE mqtt_pending',
    `CREATE TABLE webhook_delivery (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      endpoint_id uuid NOT NULL REFERENCES webhook_endpoint (id) ON DELETE CASCADE,
      event_id uuid NOT NULL REFERENCES integration_event (id) ON DELETE CASCADE,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      last_attempt_at timestamptz,
      last_status_code integer,
      last_error text,
      last_latency_ms integer,
      delivered_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (endpoint_id, event_id)
    )`,
    `CREATE INDEX webhook_delivery_due_idx ON webhook_delivery (next_attempt_at) WHERE status = 'pending'`,
    'CREATE INDEX webhook_delivery_endpoint_idx ON webhook_delivery (endpoint_id, created_at DESC)',
    'CREATE INDEX webhook_delivery_event_idx ON webhook_delivery (event_id)',
  ],
  down: [
    'DROP TABLE IF EXISTS webhook_delivery',
    'DROP TABLE IF EXISTS integration_event',
    'DROP TABLE IF EXISTS webhook_endpoint',
  ],
};
