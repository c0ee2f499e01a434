import type { IntegrationEvent } from '@attendance/protocol';
import type { MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import type { Database } from '../../db/database.js';
import type { ClaimedMqttEvent, MqttOutboxRepository } from '../../repositories/mqtt-outbox.repository.js';
import { WorkerLoop, throttledWarning } from '../worker-loop.js';
import type { MqttRetainedState } from './mqtt-retained-state.js';
import { SERVER_STATUS, type MqttMessage, type MqttTopics } from './mqtt-topics.js';

export interface MqttPublisherOptions {
  pollMs: number;
  /** Events claimed (and published) per round. */
  batchSize: number;
  /** How long a claim holds before another instance may publish the events again. */
  leaseMs: number;
  /** Home Assistant's birth topic, when discovery is on. */
  birthTopic: string | undefined;
}

export interface MqttPublisherDeps {
  readonly db: Database;
  readonly client: MqttClient;
  readonly outbox: MqttOutboxRepository;
  readonly state: MqttRetainedState;
  readonly topics: MqttTopics;
  readonly options: MqttPublisherOptions;
  readonly logger: Logger;
}

/**
 * Publishes the outbox's events to MQTT while the broker is reachable: claims the oldest pending events
 * (SKIP LOCKED + lease, so instances share them), publishes each at QoS 1 and marks them published only
 * after every PUBACK. On each (re)connect, on Home Assistant's birth message and at the start of a working
 * day it republishes every retained topic from the database, so a broker restarted without its retained
 * store is whole again.
 */
export class MqttPublisher {
  readonly #loop: WorkerLoop;
  readonly #logError: (error: unknown, message: string) => void;
  #snapshotDue = true;
  #day = '';

  constructor(private readonly deps: MqttPublisherDeps) {
    this.#logError = throttledWarning(deps.logger);
    this.#loop = new WorkerLoop({
      round: () => this.#publishRound(),
      idleMs: deps.options.pollMs,
      onError: (error) => {
        this.#snapshotDue ||= !this.deps.client.connected;
        this.#logError(error, 'MQTT publishing failed; will retry');
      },
    });
    deps.client.on('connect', () => {
      this.#snapshotDue = true;
      this.deps.logger.info('MQTT broker connected');
      if (deps.options.birthTopic) {
        deps.client.subscribeAsync(deps.options.birthTopic, { qos: 1 }).catch((error: unknown) => {
          this.#logError(error, 'MQTT subscription to the Home Assistant status failed');
        });
      }
      this.#loop.wake();
    });
    deps.client.on('message', (topic, payload) => {
      if (topic === deps.options.birthTopic && payload.toString() === 'online') {
        this.#snapshotDue = true;
        this.#loop.wake();
      }
    });
    deps.client.on('error', (error) => this.#logError(error, 'MQTT connection error'));
  }

  start(): void {
    this.#loop.start();
  }

  /** Stops publishing, says `offline` on the status topic and disconnects. */
  async stop(): Promise<void> {
    this.#loop.stop();
    if (this.deps.client.connected) {
      await withTimeout(
        this.deps.client.publishAsync(this.deps.topics.status, SERVER_STATUS.offline, {
          qos: 1,
          retain: true,
        }),
        2000,
      ).catch(() => undefined);
    }
    await this.deps.client.endAsync(true);
  }

  /** Resolves to the delay before the next round: none while a full batch suggests more are waiting. */
  async #publishRound(): Promise<number | void> {
    if (!this.deps.client.connected) return;
    const day = this.deps.state.dayOf(new Date());
    if (this.#snapshotDue || day !== this.#day) {
      this.#snapshotDue = false;
      this.#day = day;
      await this.#publishAll([
        { topic: this.deps.topics.status, payload: SERVER_STATUS.online, retain: true },
        ...(await this.deps.state.snapshot()),
      ]);
    }
    return (await this.#publishPending()) ? 0 : undefined;
  }

  /** One batch; true when it was full (more may be waiting). */
  async #publishPending(): Promise<boolean> {
    const claimed = await this.deps.outbox.claimPending(this.deps.db, {
      limit: this.deps.options.batchSize,
      leaseMs: this.deps.options.leaseMs,
    });
    if (claimed.length === 0) return false;
    const ids = claimed.map((event) => event.id);
    try {
      const events = claimed.map(parse);
      await this.#publishAll(
        claimed.map((event) => ({
          topic: this.deps.topics.event(event.type),
          payload: event.body,
          retain: false,
        })),
      );
      await this.#publishAll(await this.deps.state.afterEvents(events));
    } catch (error) {
      await this.deps.outbox.release(this.deps.db, ids).catch(() => undefined);
      throw error;
    }
    await this.deps.outbox.markPublished(this.deps.db, ids);
    return claimed.length === this.deps.options.batchSize;
  }

  /** Resolves when the broker acknowledged every message (PUBACK); rejects if the connection went away. */
  async #publishAll(messages: readonly MqttMessage[]): Promise<void> {
    const acks = messages.map((message) =>
      this.deps.client.publishAsync(message.topic, message.payload, { qos: 1, retain: message.retain }),
    );
    await withTimeout(Promise.all(acks), this.deps.options.leaseMs / 2);
  }
}

function parse(event: ClaimedMqttEvent): Pick<IntegrationEvent, 'type' | 'data'> {
  return JSON.parse(event.body) as IntegrationEvent;
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no PUBACK within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
