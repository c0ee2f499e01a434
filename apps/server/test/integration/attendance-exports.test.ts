import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../support/api-keys.js';
import { randomUnitVector, seededRandom } from '../support/embeddings.js';
import { enrollPerson, startTestServer, type TestServer } from '../support/test-server.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Rows of the first sheet as plain values, read back by exceljs's reader. */
async function readXlsx(body: Buffer): Promise<{ name: string; rows: unknown[][] }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error('no sheet');
  const rows: unknown[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return { name: sheet.name, rows };
}

describe.each(['pglite', 'postgres'] as const)('attendance exports (%s)', (driver) => {
  let server: TestServer;
  let viewer: Record<string, string>;
  const random = seededRandom(driver === 'pglite' ? 2161 : 2162);
  const ids: Record<string, string> = {};

  const download = async (url: string) => {
    const response = await server.app.inject({ method: 'GET', url, headers: viewer });
    expect(response.statusCode, response.body).toBe(200);
    return response;
  };

  beforeAll(async () => {
    server = await startTestServer({ driver, env: { ATTENDANCE_TIMEZONE: 'Europe/Berlin' } });
    const admin = { 'x-api-key': server.adminKey };
    viewer = { 'x-api-key': (await createApiKey(server, 'viewer')).key };
    const inject = async (method: 'POST' | 'PUT', url: string, payload?: object) => {
      const response = await server.app.inject({
        method,
        url,
        headers: admin,
        ...(payload ? { payload } : {}),
      });
      expect(response.statusCode, response.body).toBeLessThan(300);
      return response.json<{ id: string }>();
    };
    await inject('PUT', '/v1/cameras/front-in/role', { role: 'entry' });
    await inject('PUT', '/v1/cameras/front-out/role', { role: 'exit' });
    const group = await inject('POST', '/v1/groups', {
      name: 'Office',
      schedule: { work_days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00', grace_minutes: 10 },
    });
    for (const name of ['Ada', '=HYPERLINK("http://evil")']) {
      const face = randomUnitVector(512, random);
      ids[name] = await enrollPerson(server, name, [face]);
      await inject('PUT', `/v1/groups/${group.id}/members/${ids[name]}`);
      for (const [camera, at] of [
        ['front-in', '2026-03-23T07:55:00Z'],
        ['front-out', '2026-03-23T16:25:00Z'],
      ] as const) {
        await inject('POST', '/v1/identify', {
          camera_id: camera,
          model: 'default-512',
          captured_at: at,
          faces: [{ embedding: face }],
        });
      }
    }
  }, 240_000);
  afterAll(async () => {
    await server?.close();
  });

  it('exports days as CSV in local time, the zone named, formulas defused', async () => {
    const response = await download('/v1/attendance/days/export?format=csv&from=2026-03-23&to=2026-03-24');
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="attendance-days_2026-03-23_2026-03-24.csv"',
    );
    const lines = response.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe(
      'Date,Person ID,Name,External ID,Status,Late,Left early,Time zone,First in (local),Last out (local),Hours,Events',
    );
    const evil = ids['=HYPERLINK("http://evil")'] ?? '';
    const guarded = `"'=HYPERLINK(""http://evil"")"`;
    expect(lines.slice(1)).toEqual([
      `2026-03-23,${evil},${guarded},,present,false,false,Europe/Berlin,2026-03-23 08:55:00,2026-03-23 17:25:00,8.5,2`,
      `2026-03-24,${evil},${guarded},,absent,false,false,Europe/Berlin,,,0,0`,
      `2026-03-23,${ids.Ada},Ada,,present,false,false,Europe/Berlin,2026-03-23 08:55:00,2026-03-23 17:25:00,8.5,2`,
      `2026-03-24,${ids.Ada},Ada,,absent,false,false,Europe/Berlin,,,0,0`,
      '',
    ]);
  });

  it('exports the period report as XLSX that a real reader opens with the expected rows', async () => {
    const response = await download('/v1/attendance/report/export?format=xlsx&from=2026-03-23&to=2026-03-27');
    expect(response.headers['content-type']).toBe(XLSX);
    const { name, rows } = await readXlsx(response.rawPayload);
    expect(name).toBe('Report');
    expect(rows[0]).toEqual([
      'Person ID',
      'Name',
      'External ID',
      'Days present',
      'Late',
      'Left early',
      'Absent days',
      'Leave days',
      'Holiday days',
      'Hours',
      'Time zone (days)',
    ]);
    expect(rows.slice(1)).toEqual([
      [
        ids['=HYPERLINK("http://evil")'],
        '=HYPERLINK("http://evil")',
        undefined,
        1,
        0,
        0,
        4,
        0,
        0,
        8.5,
        'Europe/Berlin',
      ],
      [ids.Ada, 'Ada', undefined, 1, 0, 0, 4, 0, 0, 8.5, 'Europe/Berlin'],
    ]);
  });

  it('exports a timesheet as XLSX with a row per day and a totals row', async () => {
    const response = await download(
      `/v1/attendance/timesheet/export?format=xlsx&person_id=${ids.Ada}&month=2026-03`,
    );
    const { name, rows } = await readXlsx(response.rawPayload);
    expect(name).toBe('Timesheet');
    expect(rows[0]?.slice(5)).toEqual(['First in (Europe/Berlin)', 'Last out (Europe/Berlin)', 'Hours']);
    expect(rows).toHaveLength(1 + 31 + 1);
    expect(rows[23]).toEqual([
      '2026-03-23',
      'Ada',
      'present',
      false,
      false,
      '2026-03-23 08:55:00',
      '2026-03-23 17:25:00',
      8.5,
    ]);
    expect(rows[32]?.[0]).toBe('Total 2026-03');
    expect(rows[32]?.[7]).toBe(8.5);
  });

  it('refuses an unknown format and a missing format with 400', async () => {
    for (const url of [
      '/v1/attendance/report/export?format=pdf&from=2026-03-23&to=2026-03-27',
      '/v1/attendance/days/export?from=2026-03-23',
    ]) {
      const response = await server.app.inject({ method: 'GET', url, headers: viewer });
      expect(response.statusCode, url).toBe(400);
      expect(response.json()).toMatchObject({ error: { code: 'validation_failed' } });
    }
  });
});
