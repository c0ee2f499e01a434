import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { PostgresDatabase } from '../../apps/server/src/db/postgres-database.js';
import type { HnswParameters } from '../../apps/server/src/db/vector-sql.js';
import { ModelIndexRepository } from '../../apps/server/src/repositories/model-index.repository.js';
import type { ModelIndexStatus } from '@attendance/protocol';
import type { Cluster } from './cluster.js';
import { bulkBody } from './bulk-body.js';
import { datasetDir, readOwners, readTemplates, type DatasetMeta } from './dataset.js';
import { endProgress, progressBar } from './progress-bar.js';
import { api, startServerProcess, type ServerProcess } from './server-process.js';

export const MODEL = 'default-512';
const BATCH_PEOPLE = Number(process.env.SCALE_BATCH_PEOPLE ?? 500);
const IN_FLIGHT = Number(process.env.SCALE_IN_FLIGHT ?? 2);

export interface LoadResult {
  database: string;
  kind: string;
  templates: number;
  persons: number;
  loadSeconds: number;
  templatesPerSecond: number;
  indexBuildSeconds: number;
  indexBytes: number;
  tableBytes: number;
  storage: string;
  date: string;
  loadAverage: number[];
  /** HNSW build parameters of the built index, read back from PostgreSQL. */
  hnsw?: { m: number; efConstruction: number };
}

/** HNSW_M / HNSW_EF_CONSTRUCTION from the bench's environment, passed on to the server it starts. */
function hnswEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of ['HNSW_M', 'HNSW_EF_CONSTRUCTION']) {
    const value = process.env[name];
    if (value) env[name] = value;
  }
  return env;
}

/** m and ef_construction of the model's HNSW index as PostgreSQL stores them (what was really built). */
async function builtIndexParameters(url: string): Promise<HnswParameters | undefined> {
  const db = new PostgresDatabase(url, { poolSize: 1 });
  try {
    return (await new ModelIndexRepository().find(db, MODEL))?.hnsw;
  } finally {
    await db.close();
  }
}

export const databaseName = (kind: string, size: number, storage = 'vector') =>
  `scale_${kind}_${size}${storage === 'vector' ? '' : `_${storage}`}`;

/** Creates the database if needed; true when it already holds a loaded, indexed gallery. */
async function prepareDatabase(cluster: Cluster, name: string, fresh: boolean): Promise<void> {
  const admin = new pg.Client({ connectionString: cluster.url('postgres') });
  await admin.connect();
  try {
    if (fresh) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
}

/**
 * Loads the first `size` templates of a dataset through the product's bulk path (`POST /v1/people/bulk`,
 * float32 base64, `IN_FLIGHT` requests at a time), with the model's HNSW index dropped, then rebuilds the
 * index through `POST /v1/models/:id/index` and follows its progress. `prepare` may alter the fresh schema
 * (storage comparison).
 */
export async function loadScale(options: {
  cluster: Cluster;
  root: string;
  meta: DatasetMeta;
  size: number;
  storage?: string;
  prepare?: (db: pg.Client) => Promise<void>;
  /** Builds the index with this SQL from the bench instead of the product's route (halfvec variant). */
  indexSql?: string;
  /** Keep the loaded rows (an earlier run's import) and only build the index. */
  indexOnly?: boolean;
  resultsDir: string;
}): Promise<LoadResult> {
  const { meta, size } = options;
  const storage = options.storage ?? 'vector';
  const database = databaseName(meta.kind, size, storage);
  await prepareDatabase(options.cluster, database, !options.indexOnly);
  const partial = path.join(options.resultsDir, `import-${database}.json`);
  const env = hnswEnvironment();
  const server = await startServerProcess({
    databaseUrl: options.cluster.url(database),
    dataDir: path.join(options.root, 'server', database),
    echo: (line) => console.error(`  server: ${line.msg ?? ''}`),
    env,
  });
  try {
    if (options.prepare) {
      const client = new pg.Client({ connectionString: options.cluster.url(database) });
      await client.connect();
      await options.prepare(client).finally(() => client.end());
    }
    await api(server, 'DELETE', `/v1/models/${MODEL}/index`);
    const dir = datasetDir(options.root, meta.kind);
    const owners = readOwners(dir);
    const loadSeconds = options.indexOnly
      ? (JSON.parse(readFileSync(partial, 'utf8')) as { loadSeconds: number }).loadSeconds
      : await importGallery();
    async function importGallery(): Promise<number> {
      const started = performance.now();
      let sent = 0;
      let next = 0;
      const inFlight = new Set<Promise<void>>();
      while (next < size) {
        const first = next;
        let end = first;
        let people = 0;
        while (end < size && people < BATCH_PEOPLE) {
          const owner = owners[end];
          while (end < size && owners[end] === owner) end++;
          people++;
        }
        next = end;
        const body = bulkBody({
          model: MODEL,
          owners,
          vectors: readTemplates(dir, meta.dim, first, end),
          dim: meta.dim,
          first,
          end,
        });
        const request = api(server, 'POST', '/v1/people/bulk', body, [201]).then(() => {
          sent += end - first;
          const seconds = (performance.now() - started) / 1000;
          progressBar(
            `load ${database}`,
            sent / size,
            `${sent}/${size} templates, ${(sent / seconds).toFixed(0)}/s`,
          );
        });
        inFlight.add(request);
        void request.finally(() => inFlight.delete(request));
        if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
      }
      await Promise.all(inFlight);
      endProgress();
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `loaded ${size} templates in ${seconds.toFixed(1)} s (${(size / seconds).toFixed(0)} templates/s)`,
      );
      mkdirSync(options.resultsDir, { recursive: true });
      writeFileSync(partial, JSON.stringify({ loadSeconds: seconds }));
      return seconds;
    }

    const status = options.indexSql
      ? await buildWithSql(options.cluster.url(database), options.indexSql)
      : await buildThroughApi(server, database);
    const client = new pg.Client({ connectionString: options.cluster.url(database) });
    await client.connect();
    const tableBytes = await client
      .query<{ n: string }>("SELECT pg_total_relation_size('face_template')::text AS n")
      .then((r) => Number(r.rows[0]?.n ?? 0));
    await client.query('VACUUM ANALYZE face_template');
    await client.query('VACUUM ANALYZE person');
    await client.end();
    const result: LoadResult = {
      database,
      kind: meta.kind,
      templates: size,
      persons: new Set(owners.subarray(0, size)).size,
      loadSeconds,
      templatesPerSecond: size / loadSeconds,
      indexBuildSeconds: status.seconds,
      indexBytes: status.bytes,
      tableBytes: tableBytes - status.bytes,
      storage,
      date: new Date().toISOString(),
      loadAverage: (await import('node:os')).loadavg(),
      hnsw: await builtIndexParameters(options.cluster.url(database)),
    };
    mkdirSync(options.resultsDir, { recursive: true });
    writeFileSync(
      path.join(options.resultsDir, `load-${database}.json`),
      `${JSON.stringify(result, null, 2)}\n`,
    );
    console.log(
      `index built in ${result.indexBuildSeconds.toFixed(1)} s, ${(result.indexBytes / 2 ** 20).toFixed(0)} MiB (table ${(result.tableBytes / 2 ** 20).toFixed(0)} MiB)`,
    );
    return result;
  } finally {
    await server.stop();
  }
}

/** The product path: POST /v1/models/:id/index, then poll its status with a progress bar. */
async function buildThroughApi(
  server: ServerProcess,
  database: string,
): Promise<{ seconds: number; bytes: number }> {
  await api(server, 'POST', `/v1/models/${MODEL}/index`);
  let status: ModelIndexStatus;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 2000));
    status = await api<ModelIndexStatus>(server, 'GET', `/v1/models/${MODEL}/index`);
    if (status.build.state !== 'building') break;
    progressBar(`hnsw ${database}`, (status.build.percent ?? 0) / 100, status.build.phase ?? '');
  }
  endProgress();
  if (status.build.state === 'failed') throw new Error(`index build failed: ${status.build.error ?? ''}`);
  return { seconds: (status.build.duration_ms ?? 0) / 1000, bytes: status.index?.size_bytes ?? 0 };
}

async function buildWithSql(url: string, sql: string): Promise<{ seconds: number; bytes: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const t0 = performance.now();
    await client.query(sql);
    const seconds = (performance.now() - t0) / 1000;
    const name = /CREATE INDEX (\w+)/.exec(sql)?.[1] ?? '';
    const { rows } = await client.query<{ n: string }>('SELECT pg_relation_size($1::regclass)::text AS n', [
      name,
    ]);
    return { seconds, bytes: Number(rows[0]?.n ?? 0) };
  } finally {
    await client.end();
  }
}
