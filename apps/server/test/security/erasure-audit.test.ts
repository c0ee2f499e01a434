import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../support/api-keys.js';
import { randomUnitVector, seededRandom } from '../support/embeddings.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

interface AuditEntry {
  action: string;
  actor_key_id: string | null;
  subject_id: string | null;
  counts: Record<string, number>;
}

/** Erasure removes templates and (configurably) events, in one transaction, audit-logged without personal data. */
describe.each(['postgres', 'pglite'] as const)('person erasure and audit log (%s)', (driver) => {
  let server: TestServer;
  let admin: { id: string; key: string };
  const random = seededRandom(811);
  const dim = 512;
  let cameraCounter = 0;

  beforeAll(async () => {
    server = await startTestServer({ driver });
    admin = await createApiKey(server, 'admin', 'erasure admin');
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  const as = (key: string) => ({ 'x-api-key': key });

  /** A person with two templates and one attendance event. */
  async function enrolledPersonWithEvent(name: string, externalId: string) {
    const face = randomUnitVector(dim, random);
    const created = await server.app.inject({
      method: 'POST',
      url: '/v1/people',
      headers: as(admin.key),
      payload: {
        name,
        external_id: externalId,
        templates: { model: 'default-512', embeddings: [face, randomUnitVector(dim, random)] },
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const identify = await server.app.inject({
      method: 'POST',
      url: '/v1/identify',
      headers: as(admin.key),
      payload: {
        camera_id: `erase-cam-${++cameraCounter}`,
        model: 'default-512',
        faces: [{ embedding: face }],
      },
    });
    expect(identify.json<{ results: { status: string }[] }>().results[0]?.status).toBe('recorded');
    return { id: created.json<{ id: string }>().id, face };
  }

  const identifyStatus = async (face: number[]) =>
    (
      await server.app.inject({
        method: 'POST',
        url: '/v1/identify',
        headers: as(admin.key),
        payload: { camera_id: 'erase-check', model: 'default-512', faces: [{ embedding: face }] },
      })
    ).json<{ results: { status: string }[] }>().results[0]?.status;

  const count = async (table: string, personId: string) =>
    (
      await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE person_id = $1`, [
        personId,
      ])
    ).rows[0]?.n;

  const auditLog = async () => {
    const response = await server.app.inject({ method: 'GET', url: '/v1/audit-log', headers: as(admin.key) });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ items: AuditEntry[]; total: number }>();
  };

  it('by default deletes the person, their templates and their events, and logs counts only', async () => {
    const { id, face } = await enrolledPersonWithEvent('Ada Erasable', 'EMP-ERASE-1');
    const erased = await server.app.inject({
      method: 'DELETE',
      url: `/v1/people/${id}`,
      headers: as(admin.key),
    });
    expect(erased.statusCode).toBe(204);
    expect(await count('face_template', id)).toBe(0);
    expect(await count('attendance_event', id)).toBe(0);
    expect((await server.db.query('SELECT 1 FROM person WHERE id = $1', [id])).rows).toHaveLength(0);
    expect(await identifyStatus(face)).toBe('unknown');

    const log = await auditLog();
    expect(log.items[0]).toMatchObject({
      action: 'person.erased',
      actor_key_id: admin.id,
      subject_id: id,
      counts: { templates_deleted: 2, events_deleted: 1, events_kept: 0 },
    });
    const stored = await server.db.query<{ row: string }>(
      'SELECT row_to_json(audit_log)::text AS row FROM audit_log',
    );
    const everything = stored.rows.map((r) => r.row).join('\n');
    expect(everything).not.toContain('Ada');
    expect(everything).not.toContain('EMP-ERASE-1');
    // Nothing but ids, the action, integer counts and the time (the free-text reason is for corrections
    // only, empty here): no column could hold a name or an embedding.
    for (const { row } of stored.rows) {
      const entry = JSON.parse(row) as Record<string, unknown>;
      expect(Object.keys(entry).sort()).toEqual(
        ['action', 'actor_key_id', 'counts', 'id', 'occurred_at', 'reason', 'subject_id'].sort(),
      );
      expect(entry.reason).toBeNull();
      expect(Object.values(entry.counts as object).every(Number.isInteger)).toBe(true);
    }
  });

  it('with events=keep removes templates and identity but keeps anonymous events; they can be deleted later', async () => {
    const { id, face } = await enrolledPersonWithEvent('Grace Keepevents', 'EMP-ERASE-2');
    const erased = await server.app.inject({
      method: 'DELETE',
      url: `/v1/people/${id}?events=keep`,
      headers: as(admin.key),
    });
    expect(erased.statusCode).toBe(204);
    expect(await count('face_template', id)).toBe(0);
    expect(await count('attendance_event', id)).toBe(1);
    expect(await identifyStatus(face)).toBe('unknown');
    // The person is gone from every person route; the kept event names nobody.
    expect(
      (await server.app.inject({ method: 'GET', url: `/v1/people/${id}`, headers: as(admin.key) }))
        .statusCode,
    ).toBe(404);
    const people = await server.app.inject({
      method: 'GET',
      url: '/v1/people?q=Grace',
      headers: as(admin.key),
    });
    expect(people.json<{ total: number }>().total).toBe(0);
    const patched = await server.app.inject({
      method: 'PATCH',
      url: `/v1/people/${id}`,
      headers: as(admin.key),
      payload: { active: true },
    });
    expect(patched.statusCode).toBe(404);
    const events = await server.app.inject({
      method: 'GET',
      url: `/v1/attendance?person_id=${id}`,
      headers: as(admin.key),
    });
    expect(events.statusCode, events.body).toBe(200);
    expect(events.body).not.toContain('Grace');
    expect(events.body).not.toContain('EMP-ERASE-2');
    expect(events.json<{ total: number }>().total).toBe(1);
    expect((await auditLog()).items[0]).toMatchObject({
      subject_id: id,
      counts: { templates_deleted: 2, events_deleted: 0, events_kept: 1 },
    });

    // Erasing again without keeping events finishes the job; keeping again is "not found".
    const again = await server.app.inject({
      method: 'DELETE',
      url: `/v1/people/${id}?events=keep`,
      headers: as(admin.key),
    });
    expect(again.statusCode).toBe(404);
    const finish = await server.app.inject({
      method: 'DELETE',
      url: `/v1/people/${id}?events=delete`,
      headers: as(admin.key),
    });
    expect(finish.statusCode).toBe(204);
    expect(await count('attendance_event', id)).toBe(0);
    expect((await auditLog()).items[0]).toMatchObject({
      subject_id: id,
      counts: { templates_deleted: 0, events_deleted: 1, events_kept: 0 },
    });
  });

  it('an unknown person or a bad events value writes no audit entry', async () => {
    const before = (await auditLog()).total;
    const unknown = await server.app.inject({
      method: 'DELETE',
      url: '/v1/people/00000000-0000-4000-8000-000000000000',
      headers: as(admin.key),
    });
    expect(unknown.statusCode).toBe(404);
    const { id } = await enrolledPersonWithEvent('Bad Query', 'EMP-ERASE-3');
    const bad = await server.app.inject({
      method: 'DELETE',
      url: `/v1/people/${id}?events=sometimes`,
      headers: as(admin.key),
    });
    expect(bad.statusCode).toBe(400);
    expect(await count('face_template', id)).toBe(2);
    expect((await auditLog()).total).toBe(before);
  });

  it('the audit log is for admins only', async () => {
    const viewer = await createApiKey(server, 'viewer');
    const response = await server.app.inject({
      method: 'GET',
      url: '/v1/audit-log',
      headers: as(viewer.key),
    });
    expect(response.statusCode).toBe(403);
  });
});

describe('ERASE_EVENTS_WITH_PERSON=false', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ driver: 'pglite', env: { ERASE_EVENTS_WITH_PERSON: 'false' } });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('keeps events unless the request says events=delete', async () => {
    const face = randomUnitVector(512, seededRandom(5));
    const created = await server.app.inject({
      method: 'POST',
      url: '/v1/people',
      headers: { 'x-api-key': server.adminKey },
      payload: { name: 'Default Keep', templates: { model: 'default-512', embeddings: [face] } },
    });
    const id = created.json<{ id: string }>().id;
    await server.app.inject({
      method: 'POST',
      url: '/v1/identify',
      headers: { 'x-api-key': server.adminKey },
      payload: { camera_id: 'keep-cam', model: 'default-512', faces: [{ embedding: face }] },
    });
    const erased = await server.app.inject({
      method: 'DELETE',
      url: `/v1/people/${id}`,
      headers: { 'x-api-key': server.adminKey },
    });
    expect(erased.statusCode).toBe(204);
    const { rows } = await server.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM attendance_event WHERE person_id = $1',
      [id],
    );
    expect(rows[0]?.n).toBe(1);
  });
});
