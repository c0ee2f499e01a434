import type { AttendanceEvent } from '@attendance/protocol';
import type { Logger } from 'pino';
import type { CooldownStore } from '../cache/cooldown-store.js';
import type { Database } from '../db/database.js';
import { attendanceRecorded, type IntegrationOutbox } from '../integrations/outbox.js';
import type { AttendanceRepository, CooldownConfirmation } from '../repositories/attendance.repository.js';

const LIVE_SKEW_MS = 5 * 60_000;

export interface Sighting {
  personId: string;
  cameraId: string;
  model: string;
  similarity: number;
  recordedAt: Date;
  /** Request idempotency key + ':' + face index; a replay answers with the event stored the first time. */
  idempotencyKey: string | null;
}

export interface RecordOutcome {
  status: 'recorded' | 'already_recorded';
  eventId: string | null;
  /** The new event with its person (status `recorded`), for live dashboards without another read. */
  event?: AttendanceEvent;
}

export interface AttendanceRecorderDeps {
  db: Database;
  events: AttendanceRepository;
  cooldown: CooldownStore;
  options: { cooldownMs: number; timeZone: string; keyPrefix: string };
  logger: Logger;
  outbox: IntegrationOutbox;
}

/**
 * Records at most one attendance event per person per repeat window (`cooldownMs`: in day mode the short
 * sighting gap, so a day's arrivals and departures are all kept; in rolling mode the original's 12 h).
 * The event carries its camera's role as direction. The cooldown store is only a fast
 * path; the database decides: one transaction per sighting holds an advisory lock on the person, then one
 * statement inserts the event only if there is none inside the window (returning the new event, or the
 * one that kept it out). The cache is marked after the commit.
 */
export class AttendanceRecorder {
  constructor(private readonly deps: AttendanceRecorderDeps) {}

  /** The window within which a person's second sighting is not recorded again. */
  get cooldownMs(): number {
    return this.deps.options.cooldownMs;
  }

  cooldownKey(personId: string): string {
    return `${this.deps.options.keyPrefix}:cooldown:${personId}`;
  }

  /**
   * `confirmation`: the cache hit's confirmation when the caller has already read it for this sighting's
   * person, key and time (identify reads it in its search statement); otherwise it is read here on a hit.
   */
  async record(sighting: Sighting, confirmation?: CooldownConfirmation): Promise<RecordOutcome> {
    const key = this.cooldownKey(sighting.personId);
    // The cache only knows "recorded recently", so it may answer for live sightings only; a replayed
    // sighting captured long ago (edge offline queue) is judged by the database against its own time.
    const isLive = Math.abs(Date.now() - sighting.recordedAt.getTime()) < LIVE_SKEW_MS;
    if (isLive && (await this.deps.cooldown.isCoolingDown(key))) {
      // The hit only saves the locked transaction; indexed reads confirm it, so a stale or foreign cache
      // key (restored database, shared Redis, shortened window) can never swallow an event. An event found
      // earlier in the request stands (only erasing the person removes events); none found leads to the
      // locked transaction, which decides.
      const { replayedId, recentId } =
        confirmation ??
        (await this.deps.events.findReplayOrRecent(this.deps.db, {
          idempotencyKey: sighting.idempotencyKey,
          personId: sighting.personId,
          at: sighting.recordedAt,
          windowMs: this.deps.options.cooldownMs,
        }));
      const confirmedId = replayedId ?? recentId;
      if (confirmedId !== undefined) return { status: 'already_recorded', eventId: confirmedId };
      await this.deps.cooldown.clear(key);
    }
    const outcome = await this.deps.db.transaction(async (tx) => {
      // The lock is its own statement: the check-and-insert below then runs on a snapshot taken after the
      // lock was granted (READ COMMITTED), so it sees the event a concurrent sighting just committed.
      await tx.query("SELECT pg_advisory_xact_lock(hashtext('cooldown:' || $1))", [sighting.personId]);
      if (sighting.idempotencyKey !== null) {
        const replayed = await this.deps.events.findIdByIdempotencyKey(tx, sighting.idempotencyKey);
        if (replayed) return { status: 'already_recorded' as const, eventId: replayed, until: null };
      }
      const written = await this.deps.events.insertUnlessRecent(
        tx,
        { ...sighting, timeZone: this.deps.options.timeZone },
        this.deps.options.cooldownMs,
      );
      if (written.kind === 'recent') {
        const until = written.recordedAt.getTime() + this.deps.options.cooldownMs;
        return { status: 'already_recorded' as const, eventId: written.id, until };
      }
      if (written.kind === 'conflict') {
        // Only reachable when the same idempotency key raced past the lookup in another transaction.
        const existing =
          sighting.idempotencyKey &&
          (await this.deps.events.findIdByIdempotencyKey(tx, sighting.idempotencyKey));
        return { status: 'already_recorded' as const, eventId: existing || null, until: null };
      }
      await this.deps.outbox.enqueue(tx, attendanceRecorded(written.event));
      return {
        status: 'recorded' as const,
        eventId: written.event.id,
        event: written.event,
        until: sighting.recordedAt.getTime() + this.deps.options.cooldownMs,
      };
    });
    const remainingMs = outcome.until === null ? 0 : outcome.until - Date.now();
    if (remainingMs > 0) {
      await this.deps.cooldown.markCoolingDown(key, remainingMs);
    }
    if (outcome.status === 'recorded') {
      this.deps.logger.debug({ eventId: outcome.eventId }, 'attendance recorded');
    }
    return 'event' in outcome
      ? { status: outcome.status, eventId: outcome.eventId, event: outcome.event }
      : { status: outcome.status, eventId: outcome.eventId };
  }

  /** Forgets the person's cooldown (erasure). */
  async forget(personId: string): Promise<void> {
    await this.deps.cooldown.clear(this.cooldownKey(personId));
  }
}
