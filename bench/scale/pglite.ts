import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import type { ModelIndexStatus } from '@attendance/protocol';
import pino from 'pino';
import { loadConfig } from '../../apps/server/src/config.js';
import { PgliteDatabase } from '../../apps/server/src/db/pglite-database.js';
import { TemplateRepository } from '../../apps/server/src/repositories/template.repository.js';
import { searchWithRecheck } from '../../apps/server/src/services/search-with-recheck.js';
import { createServer } from '../../apps/server/src/server.js';
import { summarize } from '../identify-stats.js';
import { datasetDir, readMeta, readOwners, readTemplates } from './dataset.js';
import { cachedExactTop1 } from './exact-cache.js';
import { identifyPolicy } from './identify-policy.js';
import { preferredIndexPrecision } from '../../apps/server/src/db/vector-sql.js';
import { MODEL } from './load.js';
import { buildProbes } from './probes.js';
import { writePgliteSection, type PgliteRow } from './pglite-report.js';

const LIMIT_MS = 20;
const PROBES = 200;

/**
 * Embedded mode: for each gallery size, a fresh in-process PGlite server, bulk-loaded through the API
 * (`inject`, index dropped then rebuilt by the product), then identify latency and recall.
 */
export async function measurePglite(options: {
  root: string;
  sizes: number[];
  realFacesFile: string;
  resultsDir: string;
}): Promise<void> {
  const dir = datasetDir(options.root, 'face');
  const meta = readMeta(dir);
  const owners = readOwners(dir);
  const rows: PgliteRow[] = [];
  for (const size of options.sizes) {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'scale-pglite-'));
    const db = await PgliteDatabase.open();
    const apiKey = 'sa_scale_pglite_admin_key_0123456789';
    const config = loadConfig({ DATA_DIR: dataDir, API_KEY: apiKey, LOG_LEVEL: 'silent', LOG_FILE: 'false' });
    const server = await createServer(config, { db, logger: pino({ level: 'silent' }) });
    const headers = { 'x-api-key': apiKey };
    try {
      await server.app.inject({ method: 'DELETE', url: `/v1/models/${MODEL}/index`, headers });
      const t0 = performance.now();
      for (let first = 0; first < size;) {
        let end = first;
        const people: { name: string; external_id: string; embeddings: unknown[] }[] = [];
        while (end < size && people.length < 500) {
          const owner = owners[end] ?? -1;
          const person = { name: `Person ${owner}`, external_id: `P-${owner}`, embeddings: [] as unknown[] };
          const vectors = [];
          while (end < size && owners[end] === owner) vectors.push(end++);
          const block = readTemplates(dir, meta.dim, vectors[0] ?? 0, end);
          for (let t = 0; t < vectors.length; t++) {
            person.embeddings.push({
              dtype: 'float32',
              base64: Buffer.from(block.buffer, t * meta.dim * 4, meta.dim * 4).toString('base64'),
            });
          }
          people.push(person);
        }
        const response = await server.app.inject({
          method: 'POST',
          url: '/v1/people/bulk',
          headers,
          payload: { model: MODEL, check_duplicates: false, people },
        });
        if (response.statusCode !== 201) {
          throw new Error(`bulk answered ${response.statusCode}: ${response.body}`);
        }
        first = end;
      }
      const loadSeconds = (performance.now() - t0) / 1000;
      const i0 = performance.now();
      await server.app.inject({ method: 'POST', url: `/v1/models/${MODEL}/index`, headers });
      for (;;) {
        const status = (
          await server.app.inject({ method: 'GET', url: `/v1/models/${MODEL}/index`, headers })
        ).json<ModelIndexStatus>();
        if (status.build.state !== 'building') break;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      const indexSeconds = (performance.now() - i0) / 1000;
      const persons = new Set(owners.subarray(0, size)).size - 1;
      const probes = buildProbes(meta, persons, PROBES, options.realFacesFile);
      const exact = await cachedExactTop1({ dir, meta, size, probes, resultsDir: options.resultsDir });
      const templates = new TemplateRepository();
      const policy = identifyPolicy(config.matching);
      const sqlSamples: number[] = [];
      const httpSamples: number[] = [];
      let agree = 0;
      let rechecked = 0;
      for (const [i, probe] of probes.entries()) {
        // Identify's search as the server runs it: narrow first, the recheck only for an uncertain answer.
        const s0 = performance.now();
        const found = await searchWithRecheck(
          async (efSearch) => ({
            candidates: await templates.findNearest(db, {
              model: MODEL,
              dim: meta.dim,
              indexPrecision: preferredIndexPrecision('pglite'),
              probe: probe.embedding,
              limit: config.matching.candidates,
              activeOnly: true,
              efSearch,
            }),
          }),
          policy,
        );
        sqlSamples.push(performance.now() - s0);
        if (found.rechecked) rechecked++;
        const top = found.candidates[0]?.externalId;
        if (top === `P-${exact[i]?.person ?? -1}`) agree++;
        const h0 = performance.now();
        const response = await server.app.inject({
          method: 'POST',
          url: '/v1/identify',
          headers,
          payload: {
            camera_id: 'pglite-bench',
            model: MODEL,
            faces: [{ embedding: Array.from(probe.embedding) }],
          },
        });
        httpSamples.push(performance.now() - h0);
        if (response.statusCode !== 200) throw new Error(`identify answered ${response.statusCode}`);
      }
      const row: PgliteRow = {
        templates: size,
        loadSeconds,
        indexSeconds,
        loadAverage: loadavg()[0] ?? 0,
        sql: summarize(sqlSamples.slice(20)),
        http: summarize(httpSamples.slice(20)),
        recall: agree / probes.length,
        recheckedShare: rechecked / probes.length,
        policy: { efSearchFast: policy.efSearchFast, efSearch: policy.efSearch },
      };
      rows.push(row);
      console.log(
        `pglite ${size}: load ${loadSeconds.toFixed(0)} s, index ${indexSeconds.toFixed(0)} s, SQL p50 ${row.sql.p50.toFixed(2)} p95 ${row.sql.p95.toFixed(2)}, identify p50 ${row.http.p50.toFixed(2)} p95 ${row.http.p95.toFixed(2)}, recall ${row.recall}`,
      );
    } finally {
      await server.close();
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  await writePgliteSection(rows, `npx tsx bench/scale.ts pglite ${options.sizes.join(',')}`, LIMIT_MS);
}
