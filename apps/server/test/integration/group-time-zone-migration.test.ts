import type { AttendanceDays, Group } from '@attendance/protocol';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { groupTimeZone } from '../../src/db/migrations/202612090000_group-time-zone.js';
import { MIGRATIONS } from '../../src/db/migrations/index.js';
import { migrateUp } from '../../src/db/migrator.js';
import { createServer } from '../../src/server.js';
import { createTestDatabase } from '../support/test-server.js';

const ADMIN_KEY = 'sa_group_zone_migration_admin_key';

/**
 * A schedule written before schedules had a zone of their own: after the migration it has none (null), is
 * judged in the installation's zone exactly as before, and follows ATTENDANCE_TIMEZONE when it changes.
 */
describe.each(['pglite', 'postgres'] as const)('a schedule from before zones per schedule (%s)', (driver) => {
  it('keeps no zone, is judged in the installation zone and follows it when it changes', async () => {
    const testDb = await createTestDatabase(driver);
    const dataDir = mkdtempSync(path.join(tmpdir(), 'attendance-zone-migration-'));
    try {
      await migrateUp(
        testDb.db,
        MIGRATIONS.filter((migration) => migration.id < groupTimeZone.id),
      );
      const { rows } = await testDb.db.query<{ person: string; office: string }>(
        `WITH person AS (INSERT INTO person (name) VALUES ('Ada') RETURNING id),
              office AS (INSERT INTO attendance_group (name, work_days, start_time, end_time, grace_minutes)
                         VALUES ('Office', '{1,2,3,4,5}', '09:00', '17:00', 0) RETURNING id)
         SELECT person.id AS person, office.id AS office FROM person, office`,
      );
      const { person = '', office = '' } = rows[0] ?? {};
      await testDb.db.query('INSERT INTO group_member (group_id, person_id) VALUES ($1, $2)', [
        office,
        person,
      ]);
      await testDb.db.query(`INSERT INTO camera (id, role) VALUES ('door', 'entry')`);
      // Monday 2 March 2026, 08:30 UTC: 09:30 in Berlin (late), 08:30 in London (on time).
      await testDb.db.query(
        `INSERT INTO attendance_event (person_id, camera_id, model, similarity, recorded_at, local_day, direction)
         VALUES ($1, 'door', 'default-512', 0.9, '2026-03-02T08:30:00Z', '2026-03-02', 'in')`,
        [person],
      );

      const dayIn = async (zone: string) => {
        const config = loadConfig({
          API_KEY: ADMIN_KEY,
          DATA_DIR: dataDir,
          LOG_LEVEL: 'silent',
          LOG_FILE: 'false',
          ATTENDANCE_TIMEZONE: zone,
          ...(testDb.url ? { DATABASE_URL: testDb.url } : {}),
        });
        const server = await createServer(config, { db: testDb.db, logger: pino({ level: 'silent' }) });
        try {
          const get = async <T>(url: string) => {
            const response = await server.app.inject({
              method: 'GET',
              url,
              headers: { 'x-api-key': ADMIN_KEY },
            });
            expect(response.statusCode, response.body).toBe(200);
            return response.json<T>();
          };
          const groups = await get<{ items: Group[]; time_zone: string }>('/v1/groups');
          const days = await get<AttendanceDays>(`/v1/attendance/days?from=2026-03-02&person_id=${person}`);
          return { groups, day: days.items[0] };
        } finally {
          await server.close();
        }
      };

      const berlin = await dayIn('Europe/Berlin');
      expect(berlin.groups).toMatchObject({
        time_zone: 'Europe/Berlin',
        items: [{ name: 'Office', schedule: { start: '09:00', time_zone: null } }],
      });
      expect(berlin.day).toMatchObject({ date: '2026-03-02', status: 'late', time_zone: 'Europe/Berlin' });

      const london = await dayIn('Europe/London');
      expect(london.groups).toMatchObject({
        time_zone: 'Europe/London',
        items: [{ schedule: { time_zone: null } }],
      });
      expect(london.day).toMatchObject({ date: '2026-03-02', status: 'present', time_zone: 'Europe/London' });
    } finally {
      await testDb.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
