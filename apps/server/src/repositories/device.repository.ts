import type { Device } from '@attendance/protocol';
import type { Queryable } from '../db/database.js';
import { isoTimestamp, isoTimestampOrNull } from '../db/sql-values.js';

interface DeviceRow {
  id: string;
  name: string;
  camera_id: string;
  model: string | null;
  version: string | null;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
  api_key_id: string;
}

const toDevice = (row: DeviceRow): Device => ({
  id: row.id,
  name: row.name,
  camera_id: row.camera_id,
  model: row.model,
  version: row.version,
  created_at: isoTimestamp(row.created_at),
  last_seen_at: isoTimestampOrNull(row.last_used_at),
  revoked_at: isoTimestampOrNull(row.revoked_at),
});

const SELECT = `SELECT d.id, d.name, d.camera_id, d.model, d.version, d.created_at, d.api_key_id,
                       k.last_used_at, coalesce(d.revoked_at, k.revoked_at) AS revoked_at
                FROM device d JOIN api_key k ON k.id = d.api_key_id`;

/** SQL for `device` and `pairing_code`. Codes are stored as sha256 only. */
export class DeviceRepository {
  async insertCode(
    db: Queryable,
    code: { codeHash: string; cameraId: string; expiresAt: Date },
  ): Promise<{ id: string; created_at: Date }> {
    const { rows } = await db.query<{ id: string; created_at: Date }>(
      'INSERT INTO pairing_code (code_hash, camera_id, expires_at) VALUES ($1, $2, $3) RETURNING id, created_at',
      [code.codeHash, code.cameraId, code.expiresAt.toISOString()],
    );
    if (!rows[0]) throw new Error('pairing code insert returned nothing');
    return rows[0];
  }

  /** Codes not used and not expired at `now`. */
  async pendingCodes(
    db: Queryable,
    now: Date,
  ): Promise<{ id: string; camera_id: string; created_at: Date; expires_at: Date }[]> {
    const { rows } = await db.query<{ id: string; camera_id: string; created_at: Date; expires_at: Date }>(
      `SELECT id, camera_id, created_at, expires_at FROM pairing_code
       WHERE used_at IS NULL AND expires_at > $1 ORDER BY created_at`,
      [now.toISOString()],
    );
    return rows;
  }

  /** Marks the code used if it is unused and unexpired (one winner under concurrency); its camera, else null. */
  async claimCode(
    db: Queryable,
    codeHash: string,
    now: Date,
  ): Promise<{ id: string; camera_id: string } | null> {
    const { rows } = await db.query<{ id: string; camera_id: string }>(
      `UPDATE pairing_code SET used_at = $2
       WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING id, camera_id`,
      [codeHash, now.toISOString()],
    );
    return rows[0] ?? null;
  }

  async insertDevice(
    db: Queryable,
    device: {
      name: string;
      cameraId: string;
      apiKeyId: string;
      model: string | null;
      version: string | null;
    },
  ): Promise<string> {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO device (name, camera_id, api_key_id, model, version) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [device.name, device.cameraId, device.apiKeyId, device.model, device.version],
    );
    if (!rows[0]) throw new Error('device insert returned nothing');
    return rows[0].id;
  }

  async linkCode(db: Queryable, codeId: string, deviceId: string): Promise<void> {
    await db.query('UPDATE pairing_code SET device_id = $2 WHERE id = $1', [codeId, deviceId]);
  }

  async list(db: Queryable): Promise<Device[]> {
    const { rows } = await db.query<DeviceRow>(`${SELECT} ORDER BY d.created_at, d.id`);
    return rows.map(toDevice);
  }

  async find(db: Queryable, id: string): Promise<(Device & { apiKeyId: string }) | undefined> {
    const { rows } = await db.query<DeviceRow>(`${SELECT} WHERE d.id = $1`, [id]);
    return rows[0] && { ...toDevice(rows[0]), apiKeyId: rows[0].api_key_id };
  }

  async markRevoked(db: Queryable, id: string): Promise<void> {
    await db.query('UPDATE device SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1', [id]);
  }
}
