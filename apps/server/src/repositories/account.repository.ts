import type { Account, AccountRole } from '@attendance/protocol';
import type { Queryable } from '../db/database.js';
import { isoTimestamp, isoTimestampOrNull } from '../db/sql-values.js';

interface AccountRow {
  id: string;
  username: string;
  password_hash: string;
  role: AccountRole;
  disabled_at: Date | null;
  created_at: Date;
  last_sign_in_at: Date | null;
}

/** A person at an OpenID Connect provider: the issuer's URL and its stable subject identifier. */
export interface OidcIdentity {
  issuer: string;
  subject: string;
}

/** An account with its password hash, for sign-in only; never sent to clients. */
export interface StoredAccount extends Account {
  passwordHash: string;
}

const COLUMNS = 'id, username, password_hash, role, disabled_at, created_at, last_sign_in_at';

const toStored = (row: AccountRow): StoredAccount => ({
  id: row.id,
  username: row.username,
  role: row.role,
  disabled: row.disabled_at !== null,
  created_at: isoTimestamp(row.created_at),
  last_sign_in_at: isoTimestampOrNull(row.last_sign_in_at),
  passwordHash: row.password_hash,
});

export const publicAccount = ({ passwordHash: _hash, ...account }: StoredAccount): Account => account;

/** SQL for `account`. */
export class AccountRepository {
  async insert(
    db: Queryable,
    account: { username: string; passwordHash: string; role: AccountRole },
  ): Promise<StoredAccount> {
    const { rows } = await db.query<AccountRow>(
      `INSERT INTO account (username, password_hash, role) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`,
      [account.username, account.passwordHash, account.role],
    );
    if (!rows[0]) throw new Error('account insert returned nothing');
    return toStored(rows[0]);
  }

  async findByUsername(db: Queryable, username: string): Promise<StoredAccount | undefined> {
    const { rows } = await db.query<AccountRow>(`SELECT ${COLUMNS} FROM account WHERE username = $1`, [
      username.toLowerCase(),
    ]);
    return rows[0] && toStored(rows[0]);
  }

  async findById(db: Queryable, id: string): Promise<StoredAccount | undefined> {
    const { rows } = await db.query<AccountRow>(`SELECT ${COLUMNS} FROM account WHERE id = $1`, [id]);
    return rows[0] && toStored(rows[0]);
  }

  async list(db: Queryable): Promise<StoredAccount[]> {
    const { rows } = await db.query<AccountRow>(`SELECT ${COLUMNS} FROM account ORDER BY username`);
    return rows.map(toStored);
  }

  async update(
    db: Queryable,
    id: string,
    change: { role?: AccountRole; disabled?: boolean; passwordHash?: string },
  ): Promise<StoredAccount | undefined> {
    const { rows } = await db.query<AccountRow>(
      `UPDATE account SET
         role = coalesce($2, role),
         disabled_at = CASE WHEN $3::boolean IS NULL THEN disabled_at
                            WHEN $3::boolean THEN coalesce(disabled_at, now()) ELSE NULL END,
         password_hash = coalesce($4, password_hash)
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, change.role ?? null, change.disabled ?? null, change.passwordHash ?? null],
    );
    return rows[0] && toStored(rows[0]);
  }

  /** Admins that can still sign in: the last one may not be demoted or disabled. */
  async countActiveAdmins(db: Queryable): Promise<number> {
    const { rows } = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM account WHERE role = 'admin' AND disabled_at IS NULL",
    );
    return rows[0]?.n ?? 0;
  }

  /**
   * Ids of the admins that can still sign in, their rows locked until the transaction ends, so two admins
   * removing each other at once cannot both pass a "not the last admin" check.
   */
  async lockActiveAdmins(db: Queryable): Promise<string[]> {
    const { rows } = await db.query<{ id: string }>(
      "SELECT id FROM account WHERE role = 'admin' AND disabled_at IS NULL ORDER BY id FOR UPDATE",
    );
    return rows.map((row) => row.id);
  }

  /** Deletes the account; its sessions go with it (ON DELETE CASCADE). */
  async delete(db: Queryable, id: string): Promise<boolean> {
    const { rowCount } = await db.query('DELETE FROM account WHERE id = $1', [id]);
    return (rowCount ?? 0) > 0;
  }

  /** The account linked to a provider's person (`iss` + `sub`), if any. */
  async findByOidcIdentity(db: Queryable, identity: OidcIdentity): Promise<StoredAccount | undefined> {
    const { rows } = await db.query<AccountRow>(
      `SELECT ${COLUMNS} FROM account WHERE oidc_issuer = $1 AND oidc_subject = $2`,
      [identity.issuer, identity.subject],
    );
    return rows[0] && toStored(rows[0]);
  }

  /** An account that signs in through the provider only (`!` matches no password). */
  async insertLinked(
    db: Queryable,
    account: { username: string; role: AccountRole; identity: OidcIdentity },
  ): Promise<StoredAccount> {
    const { rows } = await db.query<AccountRow>(
      `INSERT INTO account (username, password_hash, role, oidc_issuer, oidc_subject)
       VALUES ($1, '!', $2, $3, $4) RETURNING ${COLUMNS}`,
      [account.username, account.role, account.identity.issuer, account.identity.subject],
    );
    if (!rows[0]) throw new Error('account insert returned nothing');
    return toStored(rows[0]);
  }

  async touchSignIn(db: Queryable, id: string): Promise<void> {
    await db.query('UPDATE account SET last_sign_in_at = now() WHERE id = $1', [id]);
  }
}
