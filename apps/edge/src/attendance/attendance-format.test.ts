import type { AttendanceEvent } from '@attendance/protocol';
import { describe, expect, it } from 'vitest';
import { formatAttendance, formatLocalTime } from './attendance-format.js';

const event = (name: string, recordedAt: string): AttendanceEvent => ({
  id: `e-${name}`,
  person: { id: '00000000-0000-4000-8000-000000000001', name, external_id: 'E-1' },
  camera_id: 'front-door',
  model: 'faceplugin-512@87aacdfe',
  similarity: 0.61234,
  source: 'camera',
  recorded_at: recordedAt,
  local_day: '2026-11-28',
  direction: 'both',
});

describe(formatAttendance.name, () => {
  const events = [event('Ada, Countess', '2026-11-27T20:15:00Z'), event('Grace', '2026-11-27T08:00:05Z')];

  it('converts times to the requested zone', () => {
    expect(formatLocalTime('2026-11-27T20:15:00Z', 'Asia/Kolkata')).toBe('2026-11-28 01:45:00');
    expect(formatLocalTime('2026-11-27T20:15:00Z', 'UTC')).toBe('2026-11-27 20:15:00');
  });

  it('renders an aligned table naming the zone', () => {
    const table = formatAttendance(events, { format: 'table', timeZone: 'Asia/Kolkata', total: 9 });
    const lines = table.split('\n');
    expect(lines[0]).toBe('Times in Asia/Kolkata. 2 of 9 event(s).');
    expect(lines[1]).toMatch(/^Time +Day +Name +Employee ID +Camera +Similarity$/);
    expect(lines[3]).toMatch(/^2026-11-28 01:45:00 {2}2026-11-28 {2}Ada, Countess +E-1 +front-door +0\.612/);
    expect(lines).toHaveLength(5);
  });

  it('quotes CSV cells that need it and keeps JSON complete', () => {
    const csv = formatAttendance(events, { format: 'csv', timeZone: 'UTC', total: 2 }).split('\r\n');
    expect(csv[0]).toBe('Time,Day,Name,Employee ID,Camera,Similarity');
    expect(csv[1]).toBe('2026-11-27 20:15:00,2026-11-28,"Ada, Countess",E-1,front-door,0.612');
    const hostile = formatAttendance([event('=2+3', '2026-11-27T20:15:00Z')], {
      format: 'csv',
      timeZone: 'UTC',
      total: 1,
    });
    expect(hostile.split('\r\n')[1]).toBe(`2026-11-27 20:15:00,2026-11-28,"'=2+3",E-1,front-door,0.612`);
    const json = JSON.parse(
      formatAttendance(events, { format: 'json', timeZone: 'UTC', total: 2 }),
    ) as unknown[];
    expect(json[1]).toEqual({ ...events[1], local_time: '2026-11-27 08:00:05' });
  });
});
