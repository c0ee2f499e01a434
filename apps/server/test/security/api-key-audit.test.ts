import { AuditLogSchema, type AuditEntry } from '@attendance/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../support/api-keys.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/** Creating and revoking an API key is audit-logged: who, what, which key, when; never the secret. */
describe.each(['postgres', 'pglite'] as const)('API key audit log (%s)', (driver) => {
  let server: TestServer;
  let actor: { id: string; key: string };

  beforeAll(async () => {
    server = await startTestServer({ driver });
    actor = await createApiKey(server, 'admin', 'audit actor');
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  const as = (key: string) => ({ 'x-api-key': key });

  const auditEntries = async (): Promise<{ entries: AuditEntry[]; raw: string }> => {
    const response = await server.app.inject({
      method: 'GET',
      url: '/v1/audit-log?limit=100',
      headers: as(actor.key),
    });
    expect(response.statusCode, response.body).toBe(200);
    return { entries: AuditLogSchema.parse(response.json()).items, raw: response.body };
  };

  it('records creation and revocation with the acting key id, the key id and the time, never the secret', async () => {
    const before = Date.now();
    const created = await server.app.inject({
      method: 'POST',
      url: '/v1/api-keys',
      headers: as(actor.key),
      payload: { name: 'gate camera', scopes: ['edge', 'viewer'] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const { id, key } = created.json<{ id: string; key: string }>();

    const revoked = await server.app.inject({
      method: 'POST',
      url: `/v1/api-keys/${id}/revoke`,
      headers: as(actor.key),
    });
    expect(revoked.statusCode, revoked.body).toBe(200);

    const { entries, raw } = await auditEntries();
    const about = entries.filter((entry) => entry.subject_id === id);
    expect(about.map((entry) => entry.action).sort()).toEqual(['api_key.created', 'api_key.revoked']);
    for (const entry of about) {
      expect(entry.actor_key_id).toBe(actor.id);
      const at = Date.parse(entry.occurred_at);
      expect(at).toBeGreaterThanOrEqual(before - 5000);
      expect(at).toBeLessThanOrEqual(Date.now() + 5000);
    }
    expect(about.find((entry) => entry.action === 'api_key.created')?.counts).toEqual({
      'scope.edge': 1,
      'scope.viewer': 1,
    });
    // The actor's own key was created by the bootstrap admin key: that is audited too.
    const actorCreated = entries.find(
      (entry) => entry.action === 'api_key.created' && entry.subject_id === actor.id,
    );
    expect(actorCreated?.actor_key_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(actorCreated?.actor_key_id).not.toBe(actor.id);

    // Never a secret, not even its prefix or hash: neither in the API answer nor in the table.
    for (const secret of [key, actor.key, server.adminKey]) {
      expect(raw).not.toContain(secret);
      expect(raw).not.toContain(secret.slice(3, 11));
    }
    const stored = await server.db.query<{ row: string }>('SELECT audit_log::text AS row FROM audit_log');
    const table = stored.rows.map((row) => row.row).join('\n');
    for (const secret of [key, actor.key, server.adminKey]) expect(table).not.toContain(secret);
    expect(table).not.toContain('gate camera');
  });

  it('does not record a revocation of an unknown key, nor a refused creation', async () => {
    const count = (await auditEntries()).entries.length;
    const unknown = await server.app.inject({
      method: 'POST',
      url: '/v1/api-keys/00000000-0000-4000-8000-000000000000/revoke',
      headers: as(actor.key),
    });
    expect(unknown.statusCode).toBe(404);
    const reader = await createApiKey(server, 'viewer', 'audit viewer');
    const refused = await server.app.inject({
      method: 'POST',
      url: '/v1/api-keys',
      headers: as(reader.key),
      payload: { name: 'escalation', scopes: ['admin'] },
    });
    expect(refused.statusCode).toBe(403);
    const after = (await auditEntries()).entries;
    // Only the reader's own creation was added.
    expect(after).toHaveLength(count + 1);
    expect(after.filter((entry) => entry.subject_id === reader.id)).toHaveLength(1);
  });
});
