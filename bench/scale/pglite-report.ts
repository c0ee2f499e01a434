import type { LatencySummary } from '../identify-stats.js';
import { writeResultsSection } from '../results-section.js';
import { environmentLine } from './report.js';

export interface PgliteRow {
  templates: number;
  loadSeconds: number;
  indexSeconds: number;
  sql: LatencySummary;
  http: LatencySummary;
  recall: number;
  /** Share of the probes whose first answer was uncertain and searched again at full breadth. */
  recheckedShare: number;
  /** The server's search breadths: first search → recheck. */
  policy: { efSearchFast: number; efSearch: number };
  /** 1-minute load average while this size's probes ran: PGlite is one thread, starved first. */
  loadAverage: number;
}

const f2 = (ms: number) => ms.toFixed(2);
const n = (x: number) => x.toLocaleString('en-US');

export async function writePgliteSection(rows: PgliteRow[], command: string, limitMs: number): Promise<void> {
  await writeResultsSection('scale:pglite', [
    '## Scale: embedded PGlite (no DATABASE_URL)',
    '',
    `- ${environmentLine('PGlite 0.5 (PostgreSQL 17 in WebAssembly) + pgvector')}.`,
    `- Command: \`${command}\`; each gallery is loaded through \`POST /v1/people/bulk\` into a fresh in-process PGlite ` +
      "(HNSW index dropped for the load, then built by the product), then 200 synthetic probes and the held-out real photos: SQL = identify's search as the " +
      'server runs it (the nearest statement at the first breadth, again at full breadth unless the answer is a clear match; ' +
      '"rechecked" = share of probes that needed the second), identify = `POST /v1/identify` via `inject()` (no socket). ' +
      'Load average = 1-minute value while the probes ran.',
    '',
    '| templates | load s | index build s | ef_search (first → recheck) | rechecked | SQL p50 / p95 / p99 ms | identify p50 / p95 / p99 ms | recall@1 | load avg |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${n(r.templates)} | ${r.loadSeconds.toFixed(0)} | ${r.indexSeconds.toFixed(0)} | ${r.policy.efSearchFast} → ${r.policy.efSearch} | ${(r.recheckedShare * 100).toFixed(1)} % | ${f2(r.sql.p50)} / ${f2(r.sql.p95)} / ${f2(r.sql.p99)} | ` +
        `${f2(r.http.p50)} / ${f2(r.http.p95)} / ${f2(r.http.p99)} | ${(r.recall * 100).toFixed(1)} % | ${r.loadAverage.toFixed(1)} |`,
    ),
    '',
    underLimitSentence(rows, limitMs),
  ]);
}

/** The largest size whose identify p50 stayed under the limit: the value for PGLITE_GALLERY_WARN_TEMPLATES. */
export function largestUnderLimit(rows: PgliteRow[], limitMs: number): number | undefined {
  const under = rows.filter((r) => r.http.p50 < limitMs).map((r) => r.templates);
  return under.length > 0 ? Math.max(...under) : undefined;
}

function underLimitSentence(rows: PgliteRow[], limitMs: number): string {
  const largest = largestUnderLimit(rows, limitMs);
  return largest !== undefined
    ? `Identify stayed under ${limitMs} ms (p50) up to ${n(largest)} templates in this run` +
        (rows.some((r) => r.templates > largest && r.http.p50 >= limitMs)
          ? '.'
          : ' (the largest size measured).')
    : `No gallery size kept identify under ${limitMs} ms (p50) in this run (see the load average column).`;
}
