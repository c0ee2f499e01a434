import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hnswIndexName, preferredIndexPrecision, toVectorLiteral } from '../../src/db/vector-sql.js';
import { cooldownConfirmationOfTop } from '../../src/repositories/attendance.repository.js';
import { TemplateRepository } from '../../src/repositories/template.repository.js';
import { randomUnitVector, seededRandom, vectorAtCosine } from '../support/embeddings.js';
import { enrollPerson, startTestServer, type TestServer } from '../support/test-server.js';

const MODEL = 'default-512';
const HOUR = 3_600_000;

// Identify's one statement: the nearest templates, plus the cooldown confirmation of the best candidate's
// person (its event under the request's idempotency key, or its event within the window of the sighting).
describe.each(['pglite', 'postgres'] as const)(
  'nearest templates confirming the top person (%s)',
  (driver) => {
    let server: TestServer;
    const templates = new TemplateRepository();
    const SEARCH = {
      model: MODEL,
      dim: 512,
      indexPrecision: preferredIndexPrecision(driver),
      limit: 10,
      activeOnly: true,
      efSearch: 40,
    };
    const random = seededRandom(driver === 'pglite' ? 51 : 52);
    const regular = randomUnitVector(512, random);
    const other = randomUnitVector(512, random);
    let regularId: string;
    let otherId: string;
    const seenAt = new Date('2026-11-20T08:00:00Z');

    const addEvent = async (personId: string, at: Date, key: string | null) => {
      const { rows } = await server.db.query<{ id: string }>(
        `INSERT INTO attendance_event (person_id, camera_id, model, similarity, recorded_at, local_day, idempotency_key)
       VALUES ($1, 'door-1', $2, 0.9, $3, $3::timestamptz::date, $4) RETURNING id`,
        [personId, MODEL, at.toISOString(), key],
      );
      return rows[0]!.id;
    };

    const search = (
      probe: number[],
      confirmTop: { idempotencyKey: string | null; at: Date; windowMs: number },
    ) =>
      templates.findNearestWithTop(server.db, {
        ...SEARCH,
        probe: Float32Array.from(probe),
        aboutTop: cooldownConfirmationOfTop(confirmTop),
      });

    beforeAll(async () => {
      server = await startTestServer({ driver });
      regularId = await enrollPerson(server, 'Regular', [regular]);
      otherId = await enrollPerson(server, 'Other', [other]);
      await server.db.query("INSERT INTO camera (id) VALUES ('door-1')");
    });
    afterAll(async () => {
      await server?.close();
    });

    it('answers the candidates as findNearest does, and the top person with nothing to confirm', async () => {
      const probe = vectorAtCosine(regular, 0.8, random);
      const { candidates, top } = await search(probe, {
        idempotencyKey: 'k:0',
        at: seenAt,
        windowMs: 12 * HOUR,
      });
      const plain = await templates.findNearest(server.db, { ...SEARCH, probe: Float32Array.from(probe) });
      expect(candidates).toEqual(plain);
      expect(candidates[0]?.personId).toBe(regularId);
      expect(top).toEqual({ personId: regularId });
    });

    it("finds the top person's event inside the window (either side of the sighting), not outside it", async () => {
      const earlier = await addEvent(regularId, new Date(seenAt.getTime() - 2 * HOUR), null);
      await addEvent(otherId, seenAt, null);
      const probe = vectorAtCosine(regular, 0.8, random);
      expect((await search(probe, { idempotencyKey: null, at: seenAt, windowMs: 12 * HOUR })).top).toEqual({
        personId: regularId,
        recentId: earlier,
      });
      const replayedFromBefore = new Date(seenAt.getTime() - 3 * HOUR);
      expect(
        (await search(probe, { idempotencyKey: null, at: replayedFromBefore, windowMs: 12 * HOUR })).top,
      ).toEqual({ personId: regularId, recentId: earlier });
      expect((await search(probe, { idempotencyKey: null, at: seenAt, windowMs: HOUR })).top).toEqual({
        personId: regularId,
      });
    });

    it('finds the event stored under the idempotency key, whoever the top person is', async () => {
      const keyed = await addEvent(otherId, new Date('2026-11-01T08:00:00Z'), 'edge-7:frame-9:0');
      const probe = vectorAtCosine(regular, 0.8, random);
      const { top } = await search(probe, { idempotencyKey: 'edge-7:frame-9:0', at: seenAt, windowMs: HOUR });
      expect(top).toEqual({ personId: regularId, replayedId: keyed });
    });

    it('skips inactive people for the top person, takes its latest event, and answers null without candidates', async () => {
      await server.db.query('UPDATE person SET active = false WHERE id = $1', [regularId]);
      const latest = await addEvent(otherId, new Date(seenAt.getTime() + HOUR), null);
      try {
        const { candidates, top } = await search(vectorAtCosine(regular, 0.8, random), {
          idempotencyKey: null,
          at: seenAt,
          windowMs: 12 * HOUR,
        });
        expect(candidates.map((c) => c.personId)).toEqual([otherId]);
        expect(top).toEqual({ personId: otherId, recentId: latest });
      } finally {
        await server.db.query('UPDATE person SET active = true WHERE id = $1', [regularId]);
      }
      const none = await templates.findNearestWithTop(server.db, {
        ...SEARCH,
        model: 'no-such-model',
        probe: Float32Array.from(regular),
        aboutTop: cooldownConfirmationOfTop({ idempotencyKey: 'k', at: seenAt, windowMs: HOUR }),
      });
      expect(none).toEqual({ candidates: [], top: null });
    });

    it('still searches the HNSW index, and reads events by index', async () => {
      // A door's hour: 500 other people's events inside the window, and statistics. On a near-empty table
      // the index on recorded_at alone ties with the person's index; at a real door it must not be chosen.
      await server.db.query(
        `WITH crowd AS (
           INSERT INTO person (name, external_id)
           SELECT 'Crowd ' || g, 'crowd-' || g FROM generate_series(1, 500) g RETURNING id
         )
         INSERT INTO attendance_event (person_id, camera_id, model, similarity, recorded_at, local_day)
         SELECT c.id, 'door-1', $1, 0.9, $2::timestamptz - k * interval '10 minutes', $2::timestamptz::date
           FROM crowd c CROSS JOIN generate_series(0, 3) k`,
        [MODEL, seenAt.toISOString()],
      );
      await server.db.query('ANALYZE attendance_event');
      await server.db.query('ANALYZE person');
      const sql = templates.nearestSql({
        ...SEARCH,
        aboutTop: cooldownConfirmationOfTop({ idempotencyKey: null, at: seenAt, windowMs: HOUR }),
      });
      const plan = await server.db.transaction(async (tx) => {
        await tx.query("SELECT set_config('enable_seqscan', 'off', true)");
        const { rows } = await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, [
          toVectorLiteral(regular),
          '40',
          'k',
          seenAt.toISOString(),
          3600,
        ]);
        return rows.map((row) => row['QUERY PLAN']).join('\n');
      });
      expect(plan).toContain(`Index Scan using ${hnswIndexName(MODEL)}`);
      expect(plan).toMatch(/attendance_event_person_time_idx/);
      expect(plan).toMatch(/attendance_event_idempotency_key/);
    });

    // PostgreSQL only: PGlite has no prepared statements here (it ignores `prepare`).
    if (driver === 'postgres') {
      it('runs prepared: its generic plan (after five runs) stays on the index and answers as an unprepared run', async () => {
        const confirmTop = { idempotencyKey: null, at: seenAt, windowMs: HOUR };
        for (let run = 0; run < 8; run++) {
          const probe = Float32Array.from(vectorAtCosine(run % 2 ? regular : other, 0.8, random));
          const prepared = await templates.findNearestWithTop(server.db, {
            ...SEARCH,
            probe,
            aboutTop: cooldownConfirmationOfTop(confirmTop),
          });
          expect(prepared.candidates).toEqual(await templates.findNearest(server.db, { ...SEARCH, probe }));
        }
        const sql = templates.nearestSql({ ...SEARCH, aboutTop: cooldownConfirmationOfTop(confirmTop) });
        const plan = await server.db.transaction(async (tx) => {
          await tx.query("SELECT set_config('enable_seqscan', 'off', true)");
          await tx.query("SELECT set_config('plan_cache_mode', 'force_generic_plan', true)");
          await tx.query(`PREPARE generic_identify AS ${sql}`);
          const { rows } = await tx.query<{ 'QUERY PLAN': string }>(
            `EXPLAIN EXECUTE generic_identify('${toVectorLiteral(regular)}', '40', NULL, '${seenAt.toISOString()}', 3600)`,
          );
          await tx.query('DEALLOCATE generic_identify');
          return rows.map((row) => row['QUERY PLAN']).join('\n');
        });
        expect(plan).toContain(`Index Scan using ${hnswIndexName(MODEL)}`);
      });
    }
  },
);
