import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { MeasureRow } from './report.js';

/**
 * Saves this run's measure rows under `resultsDir` and returns every saved row (face before uniform, by
 * size), so a run of one kind rewrites the RESULTS.md section without dropping the other kind's rows.
 */
export function allMeasureRows(resultsDir: string, rows: MeasureRow[]): MeasureRow[] {
  mkdirSync(resultsDir, { recursive: true });
  for (const row of rows) {
    writeFileSync(path.join(resultsDir, `measure-${row.kind}-${row.templates}.json`), JSON.stringify(row));
  }
  return readdirSync(resultsDir)
    .filter((f) => /^measure-\w+-\d+\.json$/.test(f))
    .map((f) => JSON.parse(readFileSync(path.join(resultsDir, f), 'utf8')) as MeasureRow)
    .sort((a, b) => a.kind.localeCompare(b.kind) || a.templates - b.templates);
}

/** The commands that produce `rows`: one measure run per kind. */
export function measureCommand(rows: MeasureRow[]): string {
  const kinds = [...new Set(rows.map((r) => r.kind))];
  return kinds
    .map((kind) => {
      const sizes = rows.filter((r) => r.kind === kind).map((r) => r.templates);
      const command = `npx tsx bench/scale.ts measure ${sizes.join(',')}`;
      return kind === 'face' ? command : `SCALE_KIND=${kind} ${command}`;
    })
    .join('` and `');
}
