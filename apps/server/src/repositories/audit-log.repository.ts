import type { AuditEntry } from '@attendance/protocol';
import type { Queryable } from '../db/database.js';
import { isoTimestamp } from '../db/sql-values.js';

interface AuditRow {
  id: string;
  action: AuditEntry['action'];
  actor_key_id: string | null;
  subject_id: string | null;
  counts: Record<string, number> | string;
  reason: string | null;
  occurred_at: Date;
}

const toEntry = (row: AuditRow): AuditEntry => ({
  id: row.id,
  action: row.action,
  actor_key_id: row.actor_key_id,
  subject_id: row.subject_id,
  counts: typeof row.counts === 'string' ? (JSON.parse(row.counts) as Record<string, number>) : row.counts,
  reason: row.reason,
  occurred_at: isoTimestamp(row.occurred_at),
});

/** SQL for `audit_log`: append and list, nothing else (entries are never edited). */
export class AuditLogRepository {
  async append(
    db: Queryable,
    entry: {
      action: AuditEntry['action'];
      actorKeyId: string | null;
      subjectId: string | null;
      counts: Record<string, number>;
      reason?: string;
    },
  ): Promise<void> {
    await db.query(
      `INSERT INTO audit_log (action, actor_key_id, subject_id, counts, reason)
       VALUES ($1, $2, $3, $4::jsonb, $5)`,
      [entry.action, entry.actorKeyId, entry.subjectId, JSON.stringify(entry.counts), entry.reason ?? null],
    );
  }

  /** Newest first. */
  async list(
    db: Queryable,
    page: { limit: number; offset: number },
  ): Promise<{ items: AuditEntry[]; total: number }> {
    const { rows } = await db.query<AuditRow>(
      `SELECT id, action, actor_key_id, subject_id, counts, reason, occurred_at FROM audit_log
       ORDER BY occurred_at DESC, id LIMIT $1 OFFSET $2`,
      [page.limit, page.offset],
    );
    const count = await db.query<{ total: number }>('SELECT count(*)::int AS total FROM audit_log');
    return { items: rows.map(toEntry), total: count.rows[0]?.total ?? 0 };
  }
}
