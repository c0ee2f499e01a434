import type { AuditEntry, AuditLogQuery } from '@attendance/protocol';
import type { Database } from '../db/database.js';
import type { AuditLogRepository } from '../repositories/audit-log.repository.js';

/** Reads the audit log (entries are written by the services whose actions they record). */
export class AuditLogService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditLogRepository,
  ) {}

  list(query: AuditLogQuery): Promise<{ items: AuditEntry[]; total: number }> {
    return this.audit.list(this.db, query);
  }
}
