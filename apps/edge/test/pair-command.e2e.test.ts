import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEnvironment } from '../src/config/environment.js';
import { resolveEdgeConfig } from '../src/config/edge-config.js';
import { startEdgeE2e, type EdgeE2e } from './support/edge-e2e-fixture.js';
import { runCli } from './support/run-cli.js';

/** `attendance pair CODE` against a real server: stores the credential privately; the agent's config uses it. */
describe('attendance pair', () => {
  let e2e: EdgeE2e;
  let configHome: string;

  beforeAll(async () => {
    e2e = await startEdgeE2e('pair');
    configHome = path.join(e2e.workDir, 'config');
  }, 120_000);
  afterAll(async () => {
    await e2e?.close();
  });

  const newCode = async () => {
    const response = await fetch(`${e2e.baseUrl}/v1/pairing-codes`, {
      method: 'POST',
      headers: { 'x-api-key': e2e.adminKey, 'content-type': 'application/json' },
      body: JSON.stringify({ camera_id: 'side-door' }),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { code: string }).code;
  };

  it('stores the device credential (0600) and the camera agent configuration picks it up', async () => {
    const code = await newCode();
    const run = await runCli(['pair', code, '--server', e2e.baseUrl, '--name', 'side door pi'], {
      env: { XDG_CONFIG_HOME: configHome },
      cwd: e2e.workDir,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('camera "side-door"');
    const file = path.join(configHome, 'smart-attendance', 'device.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { credential: string; camera_id: string };
    expect(run.stdout + run.stderr).not.toContain(stored.credential);
    expect(stored.camera_id).toBe('side-door');

    const saved = { ...process.env };
    try {
      for (const name of ['API_KEY', 'CAMERA_ID', 'SERVER_URL', 'SERVER_IP', 'SERVER_PORT']) {
        delete process.env[name];
      }
      process.env['XDG_CONFIG_HOME'] = configHome;
      const config = resolveEdgeConfig({}, readEnvironment(e2e.workDir), e2e.workDir);
      expect(config).toMatchObject({
        apiKey: stored.credential,
        cameraId: 'side-door',
        serverUrl: e2e.baseUrl,
      });
      process.env['CAMERA_ID'] = 'explicit-camera';
      expect(resolveEdgeConfig({}, readEnvironment(e2e.workDir), e2e.workDir).cameraId).toBe(
        'explicit-camera',
      );
    } finally {
      process.env = saved;
    }

    const devices = (await (
      await fetch(`${e2e.baseUrl}/v1/devices`, { headers: { 'x-api-key': e2e.adminKey } })
    ).json()) as { items: { name: string; version: string | null; model: string | null }[] };
    expect(devices.items).toEqual([
      expect.objectContaining({ name: 'side door pi', version: expect.any(String) as unknown }),
    ]);
    const config = await fetch(`${e2e.baseUrl}/v1/models/config`, {
      headers: { 'x-api-key': stored.credential },
    });
    expect(config.status).toBe(200);
  }, 180_000);

  it('a used code is refused with a clear message and exit code 1, storing nothing new', async () => {
    const code = await newCode();
    const first = await runCli(['pair', code, '--server', e2e.baseUrl], {
      env: { XDG_CONFIG_HOME: path.join(e2e.workDir, 'other') },
      cwd: e2e.workDir,
    });
    expect(first.code).toBe(0);
    const again = await runCli(['pair', code, '--server', e2e.baseUrl], {
      env: { XDG_CONFIG_HOME: path.join(e2e.workDir, 'third') },
      cwd: e2e.workDir,
    });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('pairing refused: unknown, used or expired pairing code');
    expect(() => statSync(path.join(e2e.workDir, 'third', 'smart-attendance', 'device.json'))).toThrow();
  }, 180_000);
});
