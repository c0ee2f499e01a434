import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSocket } from '../relay/support/ws-clients.js';
import { randomUnitVector, seededRandom } from '../support/embeddings.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/** Pairing codes and device credentials end to end over real HTTP, on both database drivers. */
describe.each(['pglite', 'postgres'] as const)('pairing codes and devices (%s)', (driver) => {
  let server: TestServer;
  let base: string;
  const random = seededRandom(23);
  let credential: string;
  let deviceId: string;

  beforeAll(async () => {
    server = await startTestServer({ driver, listen: true, env: { RATE_LIMIT_IP_PER_MINUTE: '0' } });
    base = server.baseUrl ?? '';
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  const admin = (method: 'GET' | 'POST', url: string, body?: unknown) =>
    fetch(`${base}${url}`, {
      method,
      headers: { 'x-api-key': server.adminKey, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
  const newCode = async (cameraId: string) => {
    const response = await admin('POST', '/v1/pairing-codes', { camera_id: cameraId });
    expect(response.status).toBe(201);
    return (await response.json()) as { id: string; code: string; expires_at: string };
  };
  const pair = (code: string, from = '127.0.0.1', extra: Record<string, string> = {}) =>
    server.app.inject({
      method: 'POST',
      url: '/v1/devices/pair',
      remoteAddress: from,
      payload: { code, ...extra },
    });
  const asDevice = (method: 'GET' | 'POST', url: string, body?: unknown, key = credential) =>
    fetch(`${base}${url}`, {
      method,
      headers: { 'x-api-key': key, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
  const identify = (cameraId: string) =>
    asDevice('POST', '/v1/identify', {
      camera_id: cameraId,
      model: 'default-512',
      faces: [{ embedding: randomUnitVector(512, random) }],
    });

  it('an admin code for one camera pairs one device, once; the code is stored only as a hash', async () => {
    const created = await newCode('door-1');
    expect(created.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(new Date(created.expires_at).getTime() - Date.now()).toBeGreaterThan(9 * 60_000);
    const typed = created.code.toLowerCase().replace('-', ' ');
    const paired = await pair(typed, '127.0.0.1', {
      name: 'Front door Pi',
      model: 'Raspberry Pi 5',
      version: '0.1.0',
    });
    expect(paired.statusCode, paired.body).toBe(201);
    const body = paired.json<{ device_id: string; camera_id: string; credential: string }>();
    expect(body.camera_id).toBe('door-1');
    credential = body.credential;
    deviceId = body.device_id;
    expect((await pair(created.code)).statusCode).toBe(401);
    const rows = await server.db.query<{ row: string }>(
      'SELECT row_to_json(pairing_code)::text AS row FROM pairing_code',
    );
    const stored = rows.rows.map((r) => r.row).join();
    expect(stored).not.toContain(created.code.replace('-', ''));
    expect(stored).toContain(deviceId);
  });

  it('an expired code is refused like an unknown one', async () => {
    const created = await newCode('door-1');
    await server.db.query("UPDATE pairing_code SET expires_at = now() - interval '1 second' WHERE id = $1", [
      created.id,
    ]);
    const refused = await pair(created.code);
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({ error: { code: 'unauthorized' } });
    const pending = (await (await admin('GET', '/v1/pairing-codes')).json()) as { items: { id: string }[] };
    expect(pending.items.map((c) => c.id)).not.toContain(created.id);
  });

  it('the credential identifies and reports only for its own camera, and reads nothing', async () => {
    expect((await identify('door-1')).status).toBe(200);
    const foreign = await identify('door-2');
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({ error: { code: 'forbidden' } });
    const spoof = (cameraId: string) =>
      asDevice('POST', '/v1/spoof-events', {
        camera_id: cameraId,
        score: 0.1,
        reason: 'passive_spoof',
        mode: 'warn',
      });
    expect((await spoof('door-1')).status).toBe(201);
    expect((await spoof('door-2')).status).toBe(403);
    expect((await asDevice('GET', '/v1/models/config')).status).toBe(200);
    for (const url of ['/v1/people', '/v1/attendance', '/v1/cameras', '/v1/spoof-events', '/v1/devices']) {
      expect((await asDevice('GET', url)).status, url).toBe(403);
    }
    expect((await asDevice('POST', '/v1/pairing-codes', { camera_id: 'door-1' })).status).toBe(403);
  });

  it('the credential publishes the live view of its own camera only', async () => {
    const ws = (cameraId: string) =>
      openSocket(`${base.replace('http', 'ws')}/v1/live/publish?camera_id=${cameraId}`, {
        'x-api-key': credential,
      });
    const own = await ws('door-1');
    own.close();
    await expect(ws('door-2')).rejects.toThrow('HTTP 403');
  });

  it('devices are listed with camera, model, version and last seen; revoking ends the credential at once', async () => {
    const list = (await (await admin('GET', '/v1/devices')).json()) as {
      items: {
        id: string;
        name: string;
        camera_id: string;
        model: string;
        version: string;
        last_seen_at: string | null;
      }[];
    };
    expect(list.items).toEqual([
      expect.objectContaining({
        id: deviceId,
        name: 'Front door Pi',
        camera_id: 'door-1',
        model: 'Raspberry Pi 5',
        version: '0.1.0',
        last_seen_at: expect.any(String) as unknown,
        revoked_at: null,
      }),
    ]);
    expect(JSON.stringify(list)).not.toContain(credential);
    const revoked = await admin('POST', `/v1/devices/${deviceId}/revoke`);
    expect(revoked.status).toBe(200);
    expect(await revoked.json()).toMatchObject({ revoked_at: expect.any(String) as unknown });
    expect((await identify('door-1')).status).toBe(401);
  });

  it('wrong codes are throttled per address: after 10, even a right code is refused there', async () => {
    const good = await newCode('door-3');
    for (let i = 0; i < 10; i++) expect((await pair('ABCD-EFGH', '127.0.0.7')).statusCode).toBe(401);
    const blocked = await pair(good.code, '127.0.0.7');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json()).toMatchObject({ error: { code: 'rate_limited' } });
    expect((await pair(good.code, '127.0.0.8')).statusCode).toBe(201);
  });
});
