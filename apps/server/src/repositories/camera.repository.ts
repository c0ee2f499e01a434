import type { CameraRole, LivenessMode } from '@attendance/protocol';
import type { Queryable } from '../db/database.js';

/** A camera's stored liveness settings; NULL columns mean "the server's default". */
export interface StoredLivenessPolicy {
  mode: LivenessMode | null;
  threshold: number | null;
  requireChallenge: boolean;
}

export interface CameraRow {
  id: string;
  name: string | null;
  location: string | null;
  lastSeenAt: Date | null;
  role: CameraRole;
  liveness: StoredLivenessPolicy;
}

/** A camera's display name and location; `undefined` leaves the stored value, `null` clears it. */
export interface CameraDetails {
  name?: string | null;
  location?: string | null;
}

interface Row {
  id: string;
  name: string | null;
  location: string | null;
  last_seen_at: Date | null;
  role: CameraRole;
  liveness_mode: LivenessMode | null;
  liveness_threshold: number | null;
  liveness_require_challenge: boolean;
}

const toCamera = (row: Row): CameraRow => ({
  id: row.id,
  name: row.name,
  location: row.location,
  lastSeenAt: row.last_seen_at,
  role: row.role,
  liveness: {
    mode: row.liveness_mode,
    threshold: row.liveness_threshold === null ? null : Number(row.liveness_threshold),
    requireChallenge: row.liveness_require_challenge,
  },
});

const COLUMNS =
  'id, name, location, last_seen_at, role, liveness_mode, liveness_threshold, liveness_require_challenge';

/**
 * SQL for `camera`: cameras appear on first sighting and keep a last-seen time, a display name and location,
 * a door role and a liveness policy.
 */
export class CameraRepository {
  async touch(db: Queryable, cameraId: string): Promise<void> {
    await db.query(
      `INSERT INTO camera (id, last_seen_at) VALUES ($1, now())
       ON CONFLICT (id) DO UPDATE SET last_seen_at = now()`,
      [cameraId],
    );
  }

  /** Makes sure the camera row exists (for foreign keys) without touching its last-seen time. */
  async ensure(db: Queryable, cameraId: string): Promise<void> {
    await db.query('INSERT INTO camera (id) VALUES ($1) ON CONFLICT (id) DO NOTHING', [cameraId]);
  }

  async find(db: Queryable, cameraId: string): Promise<CameraRow | undefined> {
    const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM camera WHERE id = $1`, [cameraId]);
    return rows[0] && toCamera(rows[0]);
  }

  async list(db: Queryable): Promise<CameraRow[]> {
    const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM camera ORDER BY id`);
    return rows.map(toCamera);
  }

  /** Creates the camera if needed and stores its policy. */
  async setLiveness(db: Queryable, cameraId: string, policy: StoredLivenessPolicy): Promise<CameraRow> {
    const { rows } = await db.query<Row>(
      `INSERT INTO camera (id, liveness_mode, liveness_threshold, liveness_require_challenge)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET liveness_mode = $2, liveness_threshold = $3,
         liveness_require_challenge = $4
       RETURNING ${COLUMNS}`,
      [cameraId, policy.mode, policy.threshold, policy.requireChallenge],
    );
    if (!rows[0]) throw new Error('camera upsert returned no row');
    return toCamera(rows[0]);
  }

  /** Creates the camera if needed and sets its door role (events recorded from now on carry it). */
  async setRole(db: Queryable, cameraId: string, role: CameraRole): Promise<CameraRow> {
    const { rows } = await db.query<Row>(
      `INSERT INTO camera (id, role) VALUES ($1, $2)
       ON CONFLICT (id) DO UPDATE SET role = $2
       RETURNING ${COLUMNS}`,
      [cameraId, role],
    );
    if (!rows[0]) throw new Error('camera upsert returned no row');
    return toCamera(rows[0]);
  }

  /** Creates the camera if needed and sets the given details in one statement (all or nothing). */
  async setDetails(db: Queryable, cameraId: string, details: CameraDetails): Promise<CameraRow> {
    const { rows } = await db.query<Row>(
      `INSERT INTO camera (id, name, location) VALUES ($1, $3, $5)
       ON CONFLICT (id) DO UPDATE SET
         name = CASE WHEN $2 THEN $3 ELSE camera.name END,
         location = CASE WHEN $4 THEN $5 ELSE camera.location END
       RETURNING ${COLUMNS}`,
      [
        cameraId,
        details.name !== undefined,
        details.name ?? null,
        details.location !== undefined,
        details.location ?? null,
      ],
    );
    if (!rows[0]) throw new Error('camera upsert returned no row');
    return toCamera(rows[0]);
  }
}
