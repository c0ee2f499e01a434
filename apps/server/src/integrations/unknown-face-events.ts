import type { Logger } from 'pino';
import type { Queryable } from '../db/database.js';
import { integrationEvent } from './integration-events.js';
import type { IntegrationOutbox } from './outbox.js';

/** Where identify reports a face nobody enrolled. */
export interface UnknownFaceEvents {
  report(cameraId: string, similarity: number | null, at: Date): Promise<void>;
}

export const noUnknownFaceEvents: UnknownFaceEvents = { report: () => Promise.resolve() };

export interface ThrottledUnknownFaceEventsDeps {
  readonly db: Queryable;
  readonly outbox: IntegrationOutbox;
  readonly intervalMs: number;
  readonly logger: Logger;
}

/**
 * `person.unknown` at most once per camera per interval: a stranger standing at a door for a minute is one
 * notification, not sixty. The throttle is per server instance (several instances may each send one).
 * A failure to queue is logged, never passed to identify.
 */
export class ThrottledUnknownFaceEvents implements UnknownFaceEvents {
  readonly #lastSent = new Map<string, number>();

  constructor(private readonly deps: ThrottledUnknownFaceEventsDeps) {}

  async report(cameraId: string, similarity: number | null, at: Date): Promise<void> {
    const last = this.#lastSent.get(cameraId);
    if (last !== undefined && at.getTime() - last < this.deps.intervalMs) return;
    this.#lastSent.set(cameraId, at.getTime());
    const event = integrationEvent(
      'person.unknown',
      { camera_id: cameraId, similarity, at: at.toISOString() },
      at,
    );
    try {
      await this.deps.outbox.enqueue(this.deps.db, event);
    } catch (error) {
      this.deps.logger.warn({ err: error, cameraId }, 'person.unknown event not queued');
    }
  }
}
