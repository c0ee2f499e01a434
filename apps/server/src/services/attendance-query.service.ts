import type { AttendanceEvent, AttendanceQuery, CompatAttendanceRead } from '@attendance/protocol';
import type { Database } from '../db/database.js';
import type { AttendanceRepository } from '../repositories/attendance.repository.js';
import type { CompatHistoryRepository } from '../repositories/compat-history.repository.js';

/** Read side of attendance: the v1 event list and the original's history shape. */
export class AttendanceQueryService {
  constructor(
    private readonly db: Database,
    private readonly events: AttendanceRepository,
    private readonly history: CompatHistoryRepository,
  ) {}

  list(query: AttendanceQuery): Promise<{ items: AttendanceEvent[]; total: number }> {
    return this.events.list(this.db, {
      from: query.from,
      to: query.to,
      personId: query.person_id,
      cameraId: query.camera_id,
      limit: query.limit,
      offset: query.offset,
    });
  }

  compatHistory(options: {
    day: string | undefined;
    limit: number;
    offset: number;
  }): Promise<CompatAttendanceRead[]> {
    return this.history.list(this.db, options);
  }
}
