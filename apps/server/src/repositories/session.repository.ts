import type { AccountRole, ApiKeyScope } from '@attendance/protocol';
import type { Queryable } from '../db/database.js';
import type { SessionSlot } from '../ui/session-admission.js';

/** A session row with what its owner (account or API key) looks like now. */
export interface SessionRecord {
  id: string;
  csrfToken: string;
  expiresAt: Date;
  lastUsedAt: Date;
  accountId: string | null;
  apiKeyId: string | null;
  username: string | null;
  role: AccountRole | null;
  accountDisabled: boolean;
  keyScopes: ApiKeyScope[] | null;
  keyRevoked: boolean;
  keyExpiresAt: Date | null;
  keyCameraId: string | null;
}

interface SessionRow {
  id: string;
  csrf_token: string;
  expires_at: Date;
  last_used_at: Date;
  account_id: string | null;
  api_key_id: string | null;
  username: string | null;
  role: AccountRole | null;
  disabled_at: Date | null;
  scopes: ApiKeyScope[] | null;
  revoked_at: Date | null;
  key_expires_at: Date | null;
  camera_id: string | null;
}

const date = (value: Date | string) => (value instanceof Date ? value : new Date(value));

/** SQL for `auth_session`: rows are looked up by the sha256 of the token, never by the token. */
export class SessionRepository {
  async insert(
    db: Queryable,
    session: {
      tokenHash: string;
      csrfToken: string;
      accountId: string | null;
      apiKeyId: string | null;
      now: Date;
      expiresAt: Date;
    },
  ): Promise<string> {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO auth_session (token_hash, csrf_token, account_id, api_key_id, created_at, last_used_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $5, $6) RETURNING id`,
      [
        session.tokenHash,
        session.csrfToken,
        session.accountId,
        session.apiKeyId,
        session.now.toISOString(),
        session.expiresAt.toISOString(),
      ],
    );
    if (!rows[0]) throw new Error('session insert returned nothing');
    return rows[0].id;
  }

  async findByTokenHash(db: Queryable, tokenHash: string): Promise<SessionRecord | undefined> {
    const { rows } = await db.query<SessionRow>(
      `SELECT s.id, s.csrf_token, s.expires_at, s.last_used_at, s.account_id, s.api_key_id,
              a.username, a.role, a.disabled_at, k.scopes, k.revoked_at, k.expires_at AS key_expires_at,
              k.camera_id
       FROM auth_session s
       LEFT JOIN account a ON a.id = s.account_id
       LEFT JOIN api_key k ON k.id = s.api_key_id
       WHERE s.token_hash = $1`,
      [tokenHash],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      id: row.id,
      csrfToken: row.csrf_token,
      expiresAt: date(row.expires_at),
      lastUsedAt: date(row.last_used_at),
      accountId: row.account_id,
      apiKeyId: row.api_key_id,
      username: row.username,
      role: row.role,
      accountDisabled: row.disabled_at !== null,
      keyScopes: row.scopes,
      keyRevoked: row.revoked_at !== null,
      keyExpiresAt: row.key_expires_at && date(row.key_expires_at),
      keyCameraId: row.camera_id,
    };
  }

  /** Deletes sessions past their absolute expiry or idle for longer than `idleMs`. */
  async purgeExpired(db: Queryable, now: Date, idleMs: number): Promise<void> {
    await db.query('DELETE FROM auth_session WHERE expires_at <= $1 OR last_used_at <= $2', [
      now.toISOString(),
      new Date(now.getTime() - idleMs).toISOString(),
    ]);
  }

  /** Every live session as the admission rule sees it (call after {@link purgeExpired}). */
  async slots(db: Queryable): Promise<SessionSlot[]> {
    const { rows } = await db.query<{ id: string; owner: string; admin: boolean | null; last_used_at: Date }>(
      `SELECT s.id, coalesce(s.account_id, s.api_key_id) AS owner, s.last_used_at,
              (a.role = 'admin' OR 'admin' = ANY (k.scopes)) AS admin
       FROM auth_session s
       LEFT JOIN account a ON a.id = s.account_id
       LEFT JOIN api_key k ON k.id = s.api_key_id`,
    );
    return rows.map((row) => ({
      id: row.id,
      keyId: row.owner,
      admin: row.admin === true,
      lastUsedAt: date(row.last_used_at).getTime(),
    }));
  }

  /** Records use at most once a minute per session, so a busy page does not write on every request. */
  async touch(db: Queryable, id: string, now: Date): Promise<void> {
    await db.query('UPDATE auth_session SET last_used_at = $2 WHERE id = $1 AND last_used_at <= $3', [
      id,
      now.toISOString(),
      new Date(now.getTime() - 60_000).toISOString(),
    ]);
  }

  async delete(db: Queryable, id: string): Promise<void> {
    await db.query('DELETE FROM auth_session WHERE id = $1', [id]);
  }

  /** Ends every session of an account, except `keep` (the session that changed its own password). */
  async deleteForAccount(db: Queryable, accountId: string, keep: string | null = null): Promise<number> {
    const { rows } = await db.query<{ id: string }>(
      'DELETE FROM auth_session WHERE account_id = $1 AND id IS DISTINCT FROM $2 RETURNING id',
      [accountId, keep],
    );
    return rows.length;
  }
}
