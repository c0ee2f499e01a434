import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEdgeE2e, type EdgeE2e } from './support/edge-e2e-fixture.js';
import { runCli } from './support/run-cli.js';

/** A unit vector of 512 values from a seed (no two people alike). */
function face(seed: number): number[] {
  let state = seed;
  const values = Array.from({ length: 512 }, () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31 - 0.5;
  });
  const norm = Math.hypot(...values);
  return values.map((value) => value / norm);
}

/** `attendance attendance --day` and `--report` against a real server. */
describe('attendance attendance: days and the period report', () => {
  let e2e: EdgeE2e;

  const api = async (method: string, route: string, body?: object) => {
    const response = await fetch(`${e2e.baseUrl}${route}`, {
      method,
      headers: {
        'x-api-key': e2e.adminKey,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    expect(response.status, `${method} ${route}`).toBeLessThan(300);
    return (await response.json()) as { id: string };
  };
  const cli = (args: string[]) => runCli(['attendance', ...args], { env: e2e.env, cwd: e2e.workDir });

  beforeAll(async () => {
    e2e = await startEdgeE2e('attendance-days');
    await api('PUT', '/v1/cameras/door-in/role', { role: 'entry' });
    await api('PUT', '/v1/cameras/door-out/role', { role: 'exit' });
    const group = await api('POST', '/v1/groups', {
      name: 'Office',
      schedule: { work_days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00', grace_minutes: 0 },
    });
    const sightings: Record<string, [string, string][]> = {
      'Ada Lovelace': [
        ['door-in', '2026-03-23T08:30:00Z'],
        ['door-out', '2026-03-23T17:00:00Z'],
      ],
      '=Mallory': [['door-in', '2026-03-23T09:30:00Z']],
    };
    let seed = 7;
    for (const [name, events] of Object.entries(sightings)) {
      const embedding = face(seed++);
      const person = await api('POST', '/v1/people', {
        name,
        templates: { model: 'default-512', embeddings: [embedding] },
      });
      await api('PUT', `/v1/groups/${group.id}/members/${person.id}`);
      for (const [camera, at] of events) {
        await api('POST', '/v1/identify', {
          camera_id: camera,
          model: 'default-512',
          captured_at: at,
          faces: [{ embedding }],
        });
      }
    }
  }, 180_000);
  afterAll(async () => {
    await e2e?.close();
  });

  it('shows a day per person as CSV with the formula guard, and as a table', async () => {
    const csv = await cli(['--day', '2026-03-23', '--group', 'Office', '--format', 'csv']);
    expect(csv.code, csv.stderr).toBe(0);
    const lines = csv.stdout.trimEnd().split('\r\n');
    expect(lines[0]).toBe('Day,Name,Status,First in (UTC),Last out (UTC),Hours');
    expect(lines.slice(1)).toEqual([
      `2026-03-23,"'=Mallory",late,2026-03-23 09:30:00,,0.00`,
      '2026-03-23,Ada Lovelace,present,2026-03-23 08:30:00,2026-03-23 17:00:00,8.50',
    ]);
    const table = await cli(['--day', '2026-03-23']);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toContain('Times in UTC. 2 of 2 day(s).');
    expect(table.stdout).toMatch(
      /Ada Lovelace\s+present\s+2026-03-23 08:30:00\s+2026-03-23 17:00:00\s+8\.50/,
    );
    const today = await cli(['--day', '--format', 'json']);
    expect(today.code, today.stderr).toBe(0);
    expect(JSON.parse(today.stdout)).toHaveLength(2);
  });

  it('prints the period report of a group', async () => {
    const run = await cli(['--report', '--from', '2026-03-23', '--to', '2026-03-24', '--group', 'Office']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('2026-03-23 to 2026-03-24 (days in UTC). 2 person(s).');
    expect(run.stdout).toMatch(/Ada Lovelace\s+1\s+0\s+0\s+1\s+0\s+8\.50/);
    const json = await cli(['--report', '--from', '2026-03-23', '--to', '2026-03-24', '--format', 'json']);
    expect(JSON.parse(json.stdout)).toMatchObject([
      { person: { name: '=Mallory' }, days_present: 1, late_count: 1, absent_days: 1 },
      { person: { name: 'Ada Lovelace' }, days_present: 1, late_count: 0, present_seconds: 8.5 * 3600 },
    ]);
    const missing = await cli(['--report', '--from', '2026-03-23']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('--report needs --from and --to');
    const unknown = await cli(['--day', '2026-03-23', '--group', 'Nobody']);
    expect(unknown.stderr).toContain('no group "Nobody"');
  });
});
