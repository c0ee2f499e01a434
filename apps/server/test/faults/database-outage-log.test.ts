import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createServer, type Server } from '../../src/server.js';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../support/throwaway-postgres.js';
import { eventually } from './support/agent-fleet.js';

const ADMIN_KEY = 'sa_outage_log_admin_key_0123456789';
const REFUSED = 36;

/** Every line the server's (real pino) logger wrote, parsed. */
class LogLines extends Writable {
  readonly lines: { level: number; msg: string; refused?: number }[] = [];
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      this.lines.push(JSON.parse(line) as { level: number; msg: string; refused?: number });
    }
    done();
  }
  matching(text: string) {
    return this.lines.filter((line) => line.msg.startsWith(text));
  }
}

/** A real PostgreSQL outage: the refused requests are logged in a few lines, not one line each. */
describe('database outage log', () => {
  let postgres: ThrowawayPostgres;
  let server: Server;
  let workDir: string;
  const log = new LogLines();

  beforeAll(async () => {
    workDir = mkdtempSync(path.join(tmpdir(), 'outage-log-'));
    postgres = await startThrowawayPostgres();
    const config = loadConfig({
      DATABASE_URL: postgres.url,
      API_KEY: ADMIN_KEY,
      DATA_DIR: workDir,
      LOG_FILE: 'false',
      DB_UNAVAILABLE_LOG_SECONDS: '1',
    });
    server = await createServer(config, { logger: pino({ level: 'info' }, log) });
  });

  afterAll(async () => {
    await server?.close();
    await postgres.destroy();
    rmSync(workDir, { recursive: true, force: true });
  });

  const listPeople = () =>
    server.app.inject({ method: 'GET', url: '/v1/people', headers: { 'x-api-key': ADMIN_KEY } });

  it('one line when it starts, a summary per interval, one line on recovery', async () => {
    expect((await listPeople()).statusCode).toBe(200); // the admin key is now verified (cached 10 s)
    const linesBeforeOutage = log.lines.length; // startup warnings (e.g. model files) are not the outage's
    await postgres.stop();

    const started = Date.now();
    for (let sent = 0; sent < REFUSED; sent++) {
      const response = await listPeople();
      expect(response.statusCode, response.body).toBe(503);
      expect(response.json<{ error: { code: string } }>().error.code).toBe('database_unavailable');
      await new Promise((resolve) => setTimeout(resolve, 70)); // ~2.5 s of traffic
    }
    // Wait for the summary covering the last requests.
    await new Promise((resolve) => setTimeout(resolve, 1300));
    const elapsedSeconds = (Date.now() - started) / 1000;

    const startLines = log.matching('database unavailable: answering 503');
    const summaries = log.matching('database still unavailable');
    expect(startLines).toHaveLength(1);
    expect(startLines[0]?.level).toBe(40);
    expect(summaries.length).toBeGreaterThanOrEqual(2);
    expect(summaries.length).toBeLessThanOrEqual(Math.ceil(elapsedSeconds));
    // The first request opens the outage; every later one is counted in exactly one summary.
    expect(summaries.reduce((sum, line) => sum + (line.refused ?? 0), 0)).toBe(REFUSED - 1);
    expect(summaries[0]?.msg).toMatch(/^database still unavailable: \d+ requests refused in the last 1 s$/);
    expect(log.lines.slice(linesBeforeOutage).filter((line) => line.level >= 40)).toHaveLength(
      1 + summaries.length,
    );

    await postgres.start();
    const back = await eventually(async () => (await listPeople()).statusCode === 200, 30_000, 250);
    expect(back).toBe(true);
    const recovered = log.matching('database available again');
    expect(recovered).toHaveLength(1);
    expect(recovered[0]?.refused).toBeGreaterThanOrEqual(REFUSED);
    expect(JSON.stringify(log.lines)).not.toContain(ADMIN_KEY);

    // A second outage is logged again from its start.
    await postgres.stop();
    expect((await listPeople()).statusCode).toBe(503);
    expect(log.matching('database unavailable: answering 503')).toHaveLength(2);
    await postgres.start();
  }, 120_000);
});
