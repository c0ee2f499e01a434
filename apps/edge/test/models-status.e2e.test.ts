import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUnitVector, seededRandom } from '../../server/test/support/embeddings.js';
import { startEdgeE2e, type EdgeE2e } from './support/edge-e2e-fixture.js';
import { runCli } from './support/run-cli.js';

describe('attendance models status: who needs re-enrollment under the configured model', () => {
  let e2e: EdgeE2e;
  const random = seededRandom(28);

  beforeAll(async () => {
    e2e = await startEdgeE2e('models-status');
  });
  afterAll(() => e2e?.close());

  const createPerson = async (name: string, model: string, dim: number) => {
    const response = await fetch(`${e2e.baseUrl}/v1/people`, {
      method: 'POST',
      headers: { 'x-api-key': e2e.adminKey, 'content-type': 'application/json' },
      body: JSON.stringify({ name, templates: { model, embeddings: [randomUnitVector(dim, random)] } }),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  };

  it('names the active people without a template of the recognizer in use, and only them', async () => {
    await createPerson('Already Open', 'intel-reid-0095-256@20c1601d', 256);
    const legacy = await createPerson('Only Faceplugin', 'faceplugin-512@87aacdfe', 512);
    const run = await runCli(['models', 'status', '--pack', 'open-256'], { env: e2e.env, cwd: e2e.workDir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('recognizer in use: intel-reid-0095-256@20c1601d (pack open-256)');
    expect(run.stdout).toMatch(/1 of 2 active people have no template of this model/);
    expect(run.stdout).toContain(`${legacy}  Only Faceplugin`);
    expect(run.stdout).not.toContain('Already Open');

    const other = await runCli(['models', 'status', '--pack', 'faceplugin-512'], {
      env: e2e.env,
      cwd: e2e.workDir,
    });
    expect(other.stdout).toMatch(/1 of 2 active people have no template of this model .*:\n.*Already Open/);
  });
});
