import type { EventDirection } from '@attendance/protocol';
import type { Queryable } from '../db/database.js';

export interface PersonSensorRow {
  id: string;
  name: string;
}

export interface CameraSensorRow {
  id: string;
  name: string | null;
}

/**
 * What the MQTT publisher's retained topics show, read from the database (the truth every instance
 * shares): people and cameras for Home Assistant discovery, each person's latest direction of the day and
 * each camera's latest online/offline event. `ids` narrows a read to the people or cameras an event touched.
 */
export class MqttStateRepository {
  async people(db: Queryable, ids?: readonly string[]): Promise<PersonSensorRow[]> {
    const { rows } = await db.query<PersonSensorRow>(
      `SELECT id::text AS id, name FROM person
        WHERE erased_at IS NULL AND ($1::uuid[] IS NULL OR id = ANY ($1::uuid[]))
        ORDER BY created_at, id`,
      [ids ?? null],
    );
    return rows;
  }

  /** The direction of each person's latest attendance event (not voided) at or after `since`. */
  async latestDirections(
    db: Queryable,
    since: Date,
    ids?: readonly string[],
  ): Promise<Map<string, EventDirection>> {
    const { rows } = await db.query<{ person_id: string; direction: EventDirection }>(
      `SELECT DISTINCT ON (person_id) person_id::text AS person_id, direction FROM attendance_event
        WHERE recorded_at >= $1 AND voided_at IS NULL AND ($2::uuid[] IS NULL OR person_id = ANY ($2::uuid[]))
        ORDER BY person_id, recorded_at DESC`,
      [since.toISOString(), ids ?? null],
    );
    return new Map(rows.map((row) => [row.person_id, row.direction]));
  }

  async cameras(db: Queryable, ids?: readonly string[]): Promise<CameraSensorRow[]> {
    const { rows } = await db.query<CameraSensorRow>(
      `SELECT id, name FROM camera WHERE ($1::text[] IS NULL OR id = ANY ($1::text[])) ORDER BY id`,
      [ids ?? null],
    );
    return rows;
  }

  /** Cameras whose latest presence event is `camera.online` (the others are offline). */
  async onlineCameras(db: Queryable, ids?: readonly string[]): Promise<Set<string>> {
    const { rows } = await db.query<{ camera_id: string; type: string }>(
      `SELECT DISTINCT ON (camera_id) camera_id, type FROM (
         SELECT (body::jsonb -> 'data' ->> 'camera_id') AS camera_id, type, occurred_at, created_at
           FROM integration_event WHERE type IN ('camera.online', 'camera.offline')) latest
        WHERE $1::text[] IS NULL OR camera_id = ANY ($1::text[])
        ORDER BY camera_id, occurred_at DESC, created_at DESC`,
      [ids ?? null],
    );
    return new Set(rows.filter((row) => row.type === 'camera.online').map((row) => row.camera_id));
  }
}
