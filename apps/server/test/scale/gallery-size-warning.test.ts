import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGLITE_MAINTENANCE_WORK_MEM } from '../../src/db/pglite-database.js';
import type { CapturedLogLine } from '../support/capture-logger.js';
import { randomUnitVector, seededRandom } from '../support/embeddings.js';
import { RestartableServer } from '../support/restartable-server.js';

type GalleryWarning = CapturedLogLine & { templates?: number };

describe('embedded (PGlite) gallery-size warning at startup', () => {
  let restartable: RestartableServer;
  const startWithLimit = (limit: number) =>
    restartable.start<GalleryWarning>(
      { PGLITE_GALLERY_WARN_TEMPLATES: String(limit) },
      'PGLITE_GALLERY_WARN_TEMPLATES',
    );

  beforeAll(async () => {
    restartable = await RestartableServer.open();
    const { server, warnings } = await startWithLimit(5);
    expect(warnings()).toEqual([]); // empty gallery
    const random = seededRandom(99);
    const people = Array.from({ length: 3 }, (_, i) => ({
      name: `Warn ${i}`,
      embeddings: [randomUnitVector(512, random), randomUnitVector(512, random)],
    }));
    const response = await server.app.inject({
      method: 'POST',
      url: '/v1/people/bulk',
      headers: { 'x-api-key': restartable.apiKey },
      payload: { model: 'default-512', people },
    });
    expect(response.statusCode, response.body).toBe(201);
    await server.close();
  }, 60_000);
  afterAll(async () => {
    await restartable?.close();
  });

  it('warns when the gallery holds more templates than PGLITE_GALLERY_WARN_TEMPLATES', async () => {
    const { server, warnings } = await startWithLimit(5);
    await server.close();
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]?.templates).toBe(6);
    expect(warnings()[0]?.msg).toContain('DATABASE_URL');
  });

  it('stays quiet at or below the limit', async () => {
    const { server, warnings } = await startWithLimit(6);
    await server.close();
    expect(warnings()).toEqual([]);
  });

  it('builds indexes with enough memory to keep a large graph in memory (after a server ran on it)', async () => {
    const { rows } = await restartable.db.query<{ maintenance_work_mem: string }>(
      'SHOW maintenance_work_mem',
    );
    expect(rows[0]?.maintenance_work_mem).toBe(PGLITE_MAINTENANCE_WORK_MEM);
  });
});
