import type { ApiKey, ApiKeyScope } from '@attendance/protocol';
import type { Queryable } from '../db/database.js';
import { isoTimestamp, isoTimestampOrNull } from '../db/sql-values.js';

interface ApiKeyRow {
  id: string;
  name: string;
  key_prefix: string;
  key_hash: string;
  scopes: ApiKeyScope[];
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
  camera_id: string | null;
}

/** A stored key with its hash, for verification only; never sent to clients. */
export interface StoredApiKey {
  id: string;
  keyHash: string;
  scopes: ApiKeyScope[];
  expiresAt: Date | null;
  revokedAt: Date | null;
  /** Set for a paired device's credential: the only camera it may act for. */
  cameraId: string | null;
}

const COLUMNS =
  'id, name, key_prefix, key_hash, scopes, created_at, expires_at, revoked_at, last_used_at, camera_id';

const toApiKey = (row: ApiKeyRow): ApiKey => ({
  id: row.id,
  name: row.name,
  key_prefix: row.key_prefix,
  scopes: row.scopes,
  created_at: isoTimestamp(row.created_at),
  expires_at: isoTimestampOrNull(row.expires_at),
  revoked_at: isoTimestampOrNull(row.revoked_at),
  last_used_at: isoTimestampOrNull(row.last_used_at),
  camera_id: row.camera_id,
});

/** SQL for `api_key`. Only hashes are stored. */
export class ApiKeyRepository {
  async insert(
    db: Queryable,
    key: {
      name: string;
      keyPrefix: string;
      keyHash: string;
      scopes: ApiKeyScope[];
      expiresAt: string | null;
      cameraId?: string;
    },
  ): Promise<ApiKey> {
    const { rows } = await db.query<ApiKeyRow>(
      `INSERT INTO api_key (name, key_prefix, key_hash, scopes, expires_at, camera_id)
       VALUES ($1, $2, $3, $4::text[], $5::timestamptz, $6) RETURNING ${COLUMNS}`,
      [key.name, key.keyPrefix, key.keyHash, key.scopes, key.expiresAt, key.cameraId ?? null],
    );
    if (!rows[0]) throw new Error('api key insert returned nothing');
    return toApiKey(rows[0]);
  }

  /** Inserts unless a key with this hash exists (startup admin key from API_KEY). */
  async ensure(
    db: Queryable,
    key: { name: string; keyPrefix: string; keyHash: string; scopes: ApiKeyScope[] },
  ): Promise<void> {
    await db.query(
      `INSERT INTO api_key (name, key_prefix, key_hash, scopes) VALUES ($1, $2, $3, $4::text[])
       ON CONFLICT (key_hash) DO NOTHING`,
      [key.name, key.keyPrefix, key.keyHash, key.scopes],
    );
  }

  async findByPrefix(db: Queryable, keyPrefix: string): Promise<StoredApiKey[]> {
    const { rows } = await db.query<ApiKeyRow>(`SELECT ${COLUMNS} FROM api_key WHERE key_prefix = $1`, [
      keyPrefix,
    ]);
    return rows.map((row) => ({
      id: row.id,
      keyHash: row.key_hash,
      scopes: row.scopes,
      expiresAt: row.expires_at && new Date(row.expires_at),
      revokedAt: row.revoked_at && new Date(row.revoked_at),
      cameraId: row.camera_id,
    }));
  }

  async list(db: Queryable): Promise<ApiKey[]> {
    const { rows } = await db.query<ApiKeyRow>(`SELECT ${COLUMNS} FROM api_key ORDER BY created_at, id`);
    return rows.map(toApiKey);
  }

  async revoke(db: Queryable, id: string): Promise<ApiKey | undefined> {
    const { rows } = await db.query<ApiKeyRow>(
      `UPDATE api_key SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING ${COLUMNS}`,
      [id],
    );
    return rows[0] && toApiKey(rows[0]);
  }

  /** Throttled to once a minute per key so authentication does not write on every request. */
  async touchLastUsed(db: Queryable, id: string): Promise<void> {
    await db.query(
      `UPDATE api_key SET last_used_at = now()
       WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
      [id],
    );
  }
}
