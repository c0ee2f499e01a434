import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { PGLITE_MAINTENANCE_WORK_MEM, PgliteDatabase } from '../../src/db/pglite-database.js';
import { createServer } from '../../src/server.js';
import { captureLogger, WARN, type CapturedLogLine } from '../support/capture-logger.js';
import { randomUnitVector, seededRandom } from '../support/embeddings.js';

const API_KEY = 'sa_test_gallery_warning_admin_key';

/** A server on `db` whose log lines are collected (the database outlives it). */
async function startOn(db: PgliteDatabase, dataDir: string, limit: number) {
  const { logger, lines } = captureLogger<CapturedLogLine & { templates?: number }>();
  const config = loadConfig({
    DATA_DIR: dataDir,
    API_KEY,
    LOG_FILE: 'false',
    PGLITE_GALLERY_WARN_TEMPLATES: String(limit),
  });
  const server = await createServer(config, { db, logger });
  return {
    server,
    warnings: () =>
      lines().filter((l) => l.level === WARN && l.msg.includes('PGLITE_GALLERY_WARN_TEMPLATES')),
  };
}

describe('embedded (PGlite) gallery-size warning at startup', () => {
  let db: PgliteDatabase;
  let dataDir: string;

  beforeAll(async () => {
    db = await PgliteDatabase.open();
    dataDir = mkdtempSync(path.join(tmpdir(), 'attendance-gallery-warning-'));
    const { server, warnings } = await startOn(db, dataDir, 5);
    expect(warnings()).toEqual([]); // empty gallery
    const random = seededRandom(99);
    const people = Array.from({ length: 3 }, (_, i) => ({
      name: `Warn ${i}`,
      embeddings: [randomUnitVector(512, random), randomUnitVector(512, random)],
    }));
    const response = await server.app.inject({
      method: 'POST',
      url: '/v1/people/bulk',
      headers: { 'x-api-key': API_KEY },
      payload: { model: 'default-512', people },
    });
    expect(response.statusCode, response.body).toBe(201);
    await server.close();
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('warns when the gallery holds more templates than PGLITE_GALLERY_WARN_TEMPLATES', async () => {
    const { server, warnings } = await startOn(db, dataDir, 5);
    await server.close();
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]?.templates).toBe(6);
    expect(warnings()[0]?.msg).toContain('DATABASE_URL');
  });

  it('stays quiet at or below the limit', async () => {
    const { server, warnings } = await startOn(db, dataDir, 6);
    await server.close();
    expect(warnings()).toEqual([]);
  });

  it('builds indexes with enough memory to keep a large graph in memory (after a server ran on it)', async () => {
    const { rows } = await db.query<{ maintenance_work_mem: string }>('SHOW maintenance_work_mem');
    expect(rows[0]?.maintenance_work_mem).toBe(PGLITE_MAINTENANCE_WORK_MEM);
  });
});
