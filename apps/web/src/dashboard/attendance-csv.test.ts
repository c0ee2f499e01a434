import { describe, expect, it } from 'vitest';
import { attendanceCsv } from './attendance-csv.js';

describe('attendance CSV', () => {
  it('writes a header and one CRLF-terminated row per event', () => {
    const csv = attendanceCsv([
      {
        id: 'e1',
        person: { id: '00000000-0000-4000-8000-000000000001', name: '-Mallory', external_id: null },
        camera_id: 'door',
        model: 'm@1',
        similarity: 0.87654,
        source: 'camera',
        recorded_at: '2026-11-28T01:00:00.000Z',
        local_day: '2026-11-28',
        direction: 'both',
      },
    ]);
    expect(csv.split('\r\n')).toEqual([
      'recorded_at,local_day,person_id,name,external_id,camera_id,model,similarity',
      `2026-11-28T01:00:00.000Z,2026-11-28,00000000-0000-4000-8000-000000000001,"'-Mallory",,door,m@1,0.8765`,
      '',
    ]);
  });
});
