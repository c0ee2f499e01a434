import type { Logger } from 'pino';
import type { DayBoundary } from '../../attendance/work-day.js';
import type { Database } from '../../db/database.js';
import { MqttOutboxRepository } from '../../repositories/mqtt-outbox.repository.js';
import { MqttStateRepository } from '../../repositories/mqtt-state.repository.js';
import type { MqttConfig } from '../integrations-config.js';
import { HomeAssistantDiscovery } from './home-assistant-discovery.js';
import { connectToBroker } from './mqtt-connection.js';
import { MqttPublisher } from './mqtt-publisher.js';
import { MqttRetainedState } from './mqtt-retained-state.js';
import { MqttTopics } from './mqtt-topics.js';

/** Started once the database is ready; stopped at shutdown. */
export interface MqttIntegration {
  start(): void;
  stop(): Promise<void>;
}

/**
 * The MQTT side of integrations: with MQTT configured, a publisher of the outbox; without it, events kept
 * for MQTT by an earlier configuration are released at start (so retention can delete them).
 */
export function createMqttIntegration(deps: {
  db: Database;
  config: MqttConfig | undefined;
  boundary: DayBoundary;
  version: string;
  logger: Logger;
}): MqttIntegration {
  const { db, config, logger } = deps;
  const outbox = new MqttOutboxRepository();
  if (!config) {
    return {
      start() {
        outbox.abandonPending(db).catch((error: unknown) => {
          logger.warn({ err: error }, 'events kept for MQTT not released');
        });
      },
      stop: () => Promise.resolve(),
    };
  }
  const topics = new MqttTopics(config.topicPrefix);
  const discovery =
    config.discoveryPrefix === undefined
      ? undefined
      : new HomeAssistantDiscovery(topics, config.discoveryPrefix, deps.version);
  const state = new MqttRetainedState({
    db,
    repository: new MqttStateRepository(),
    topics,
    discovery,
    boundary: deps.boundary,
  });
  let publisher: MqttPublisher | undefined;
  return {
    start() {
      publisher ??= new MqttPublisher({
        db,
        client: connectToBroker(config, topics),
        outbox,
        state,
        topics,
        options: { pollMs: 500, batchSize: 100, leaseMs: 30_000, birthTopic: discovery?.birthTopic },
        logger: logger.child({ component: 'mqtt' }),
      });
      publisher.start();
    },
    stop: () => publisher?.stop() ?? Promise.resolve(),
  };
}
