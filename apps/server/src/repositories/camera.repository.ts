import type { Queryable } from '../db/database.js';

/** SQL for `camera`: cameras appear on first sighting and keep a last-seen time. */
export class CameraRepository {
  async touch(db: Queryable, cameraId: string): Promise<void> {
    await db.query(
      `INSERT INTO camera (id, last_seen_at) VALUES ($1, now())
       ON CONFLICT (id) DO UPDATE SET last_seen_at = now()`,
      [cameraId],
    );
  }
}
