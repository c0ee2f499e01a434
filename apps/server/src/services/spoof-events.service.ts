import type { SpoofEvent, SpoofEventCreated, SpoofEventInput, SpoofEventQuery } from '@attendance/protocol';
import type { Database } from '../db/database.js';
import { integrationEvent } from '../integrations/integration-events.js';
import { type IntegrationOutbox } from '../integrations/outbox.js';
import { type LiveEvents } from '../relay/live-events.js';
import type { CameraRepository } from '../repositories/camera.repository.js';
import type { SpoofEventRepository } from '../repositories/spoof-event.repository.js';

const spoofDetected = (event: SpoofEvent) =>
  integrationEvent(
    'spoof.detected',
    {
      spoof_event_id: event.id,
      camera_id: event.camera_id,
      score: event.score,
      reason: event.reason,
      mode: event.mode,
      at: event.captured_at,
    },
    event.captured_at,
  );

/** Counts stored spoof attempts (the metrics module's counter, when metrics are on). */
export type SpoofAttemptCounter = (labels: { camera: string; mode: 'warn' | 'enforce' }) => void;

export interface SpoofEventServiceDeps {
  db: Database;
  cameras: CameraRepository;
  events: SpoofEventRepository;
  live: LiveEvents;
  countAttempt: SpoofAttemptCounter;
  outbox: IntegrationOutbox;
}

/**
 * Spoof attempts reported by edges: stored once per idempotency key, then announced to live dashboards
 * and counted. Never holds an image, an embedding or a person.
 */
export class SpoofEventService {
  constructor(private readonly deps: SpoofEventServiceDeps) {}

  async report(input: SpoofEventInput, now = new Date()): Promise<SpoofEventCreated> {
    const key = input.idempotency_key ?? null;
    const stored = await this.deps.db.transaction(async (tx) => {
      if (key) {
        const existing = await this.deps.events.findByIdempotencyKey(tx, key);
        if (existing) return { status: 'already_recorded' as const, event: existing };
      }
      await this.deps.cameras.ensure(tx, input.camera_id);
      const inserted = await this.deps.events.insert(tx, {
        cameraId: input.camera_id,
        score: input.score,
        reason: input.reason,
        mode: input.mode,
        capturedAt: input.captured_at ? new Date(input.captured_at) : now,
        idempotencyKey: key,
      });
      if (inserted) {
        await this.deps.outbox.enqueue(tx, spoofDetected(inserted));
        return { status: 'recorded' as const, event: inserted };
      }
      // A concurrent request with the same key committed first.
      const winner = key ? await this.deps.events.findByIdempotencyKey(tx, key) : undefined;
      if (!winner) throw new Error('spoof event insert lost its idempotency race without a winner');
      return { status: 'already_recorded' as const, event: winner };
    });
    if (stored.status === 'recorded') this.#announce(stored.event);
    return stored;
  }

  list(query: SpoofEventQuery): Promise<{ items: SpoofEvent[]; total: number }> {
    return this.deps.events.list(this.deps.db, {
      cameraId: query.camera_id,
      since: query.since,
      limit: query.limit,
      offset: query.offset,
    });
  }

  #announce(event: SpoofEvent): void {
    this.deps.countAttempt({ camera: event.camera_id, mode: event.mode });
    this.deps.live.publish({
      v: 1,
      type: 'spoof.attempt',
      payload: {
        id: event.id,
        camera_id: event.camera_id,
        score: event.score,
        reason: event.reason,
        mode: event.mode,
        at: event.captured_at,
      },
    });
  }
}
