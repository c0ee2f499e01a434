import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { RelayHub } from '../relay/relay-hub.js';
import { WebhookOutboxRepository } from '../repositories/webhook-outbox.repository.js';
import { WebhookRepository } from '../repositories/webhook.repository.js';
import { WebhookService } from '../services/webhook.service.js';
import { integrationEvent } from './integration-events.js';
import { createMqttIntegration } from './mqtt/mqtt-integration.js';
import { DatabaseOutbox, type IntegrationOutbox } from './outbox.js';
import { ThrottledUnknownFaceEvents, type UnknownFaceEvents } from './unknown-face-events.js';
import { UrlPolicy } from './url-policy.js';
import { WebhookSender } from './webhook-sender.js';
import { WebhookWorker } from './webhook-worker.js';

export interface Integrations {
  outbox: IntegrationOutbox;
  unknownFaces: UnknownFaceEvents;
  webhooks: WebhookService;
  /** Starts delivering (once the database is ready). */
  start(): void;
  close(): Promise<void>;
}

/** Composition of webhooks (outbox, URL policy, delivery worker), the MQTT publisher and camera presence events. */
export function createIntegrations(deps: {
  db: Database;
  config: Config;
  logger: Logger;
  liveHub: RelayHub;
  version: string;
}): Integrations {
  const { db, config, logger } = deps;
  const settings = config.integrations;
  const outbox = new DatabaseOutbox({ mqtt: settings.mqtt !== undefined });
  const mqtt = createMqttIntegration({
    db,
    config: settings.mqtt,
    boundary: { timeZone: config.attendanceTimeZone, dayStartMinutes: config.attendance.dayStartMinutes },
    version: deps.version,
    logger,
  });
  const policy = new UrlPolicy(settings.urlPolicy);
  const sender = new WebhookSender(policy, {
    timeoutMs: settings.webhooks.timeoutMs,
    userAgent: `SmartAttendance-Webhooks/${deps.version}`,
  });
  const worker = new WebhookWorker({
    db,
    outbox: new WebhookOutboxRepository(),
    sender,
    options: settings.webhooks,
    logger,
  });
  let started = false;
  // Camera presence comes from the relay: an event of this instance's own publishers only, so two
  // instances never report one camera's change twice. Queued in a statement of its own (no domain write).
  const stopListening = deps.liveHub.addListener((event) => {
    if (!started || (event.type !== 'camera.online' && event.type !== 'camera.offline')) return;
    outbox
      .enqueue(db, integrationEvent(event.type, event.payload, event.payload.at))
      .catch((error: unknown) => logger.warn({ err: error, type: event.type }, 'camera event not queued'));
  });
  return {
    outbox,
    unknownFaces: new ThrottledUnknownFaceEvents({
      db,
      outbox,
      intervalMs: settings.unknownEventIntervalMs,
      logger,
    }),
    webhooks: new WebhookService(db, new WebhookRepository(), policy),
    start() {
      started = true;
      worker.start();
      mqtt.start();
    },
    async close() {
      stopListening();
      await Promise.all([worker.stop(), mqtt.stop()]);
    },
  };
}
