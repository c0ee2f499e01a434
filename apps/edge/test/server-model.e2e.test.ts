import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PersonListSchema } from '@attendance/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../server/test/support/test-server.js';
import { runCli } from './support/run-cli.js';
import { MODELS_DIR, LFW_PEOPLE_DIR } from './support/shared-fixtures.js';

const PERSON = 'Norah_Jones';

/**
 * The server owns the model configuration: an edge without its own pack follows the server's MODEL_PACK,
 * and one running another recognizer stops at start with an error naming both, instead of enrolling or
 * identifying faces that can never match. Edge keys are created with `attendance keys create`.
 */
describe('edge against the server model configuration', () => {
  let server: TestServer;
  let workDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    server = await startTestServer({
      driver: 'pglite',
      listen: true,
      env: { MODELS_DIR, MODEL_PACK: 'open-256' },
    });
    workDir = mkdtempSync(path.join(tmpdir(), 'edge-server-model-'));
    env = { SERVER_URL: server.baseUrl ?? '', API_KEY: server.adminKey, MODELS_DIR, DET_SIZE: '320' };
  });
  afterAll(async () => {
    await server?.close();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('creates an edge key whose secret is the only line on stdout', async () => {
    const run = await runCli(['keys', 'create', '--role', 'edge', '--name', 'front-door'], {
      env,
      cwd: workDir,
    });
    expect(run.code, run.stderr).toBe(0);
    const key = run.stdout.trim();
    expect(key.split('\n')).toHaveLength(1);
    const probe = await fetch(`${server.baseUrl ?? ''}/v1/models/config`, { headers: { 'x-api-key': key } });
    expect(probe.status).toBe(200);
    const people = await fetch(`${server.baseUrl ?? ''}/v1/people`, { headers: { 'x-api-key': key } });
    expect(people.status).toBe(403);
    const list = await runCli(['keys', 'list'], { env, cwd: workDir });
    expect(list.stdout).toContain('front-door');
    expect(list.stdout).not.toContain(key);
  });

  it('refuses to start with a recognizer other than the server expects, naming both', async () => {
    const run = await runCli(
      [
        'register',
        '--pack',
        'faceplugin-512',
        '--name',
        'Norah Jones',
        path.join(LFW_PEOPLE_DIR, PERSON, `${PERSON}_0001.jpg`),
      ],
      { env, cwd: workDir },
    );
    expect(run.code).toBe(70);
    expect(run.stderr).toContain('faceplugin-512@87aacdfe');
    expect(run.stderr).toContain('intel-reid-0095-256@20c1601d');
    expect(run.stderr).toContain('MODEL_PACK=open-256');
    const people = PersonListSchema.parse(
      (await server.app.inject({ url: '/v1/people', headers: { 'x-api-key': server.adminKey } })).json(),
    );
    expect(people.total).toBe(0);
  });

  it("follows the server's pack when the edge names none", { timeout: 120_000 }, async () => {
    const run = await runCli(
      ['register', '--name', 'Norah Jones', path.join(LFW_PEOPLE_DIR, PERSON, `${PERSON}_0001.jpg`)],
      { env, cwd: workDir },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain("model pack open-256 (the server's MODEL_PACK)");
    const templates = await server.app.inject({
      url: '/v1/people?q=Norah',
      headers: { 'x-api-key': server.adminKey },
    });
    expect(PersonListSchema.parse(templates.json()).items[0]?.template_count).toBe(1);
  });
});
