import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { EmbeddedDataError } from './embedded-data-error.js';

export const MARKER_FILE = 'database-marker.json';

const MarkerSchema = z.object({
  format: z.literal(1),
  /** Latest applied migration when the marker was written. */
  schema: z.string(),
  writtenAt: z.iso.datetime(),
  /** Rows per table when the marker was written (after a successful start, at a clean stop). */
  counts: z.record(z.string(), z.number().int().min(0)),
  /** Main data file of each counted table, relative to `pglite/` (checked before PGlite opens anything). */
  files: z.record(z.string(), z.string().regex(/^base\/\d+\/\d+$/)).default({}),
});

/**
 * Written next to `pglite/` after the first successful migration and refreshed at every successful start
 * and clean stop: proof that this DATA_DIR held a database, with its schema version and row counts.
 */
export type DatabaseMarker = z.infer<typeof MarkerSchema>;

export function readMarker(dataDir: string): DatabaseMarker | null {
  const file = path.join(dataDir, MARKER_FILE);
  if (!existsSync(file)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    parsed = undefined;
  }
  const marker = MarkerSchema.safeParse(parsed);
  if (!marker.success) throw new EmbeddedDataError(dataDir, `${file} is unreadable`);
  return marker.data;
}

/** Atomic: a crash while writing leaves the previous marker. */
export function writeMarker(dataDir: string, marker: DatabaseMarker): void {
  const file = path.join(dataDir, MARKER_FILE);
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(marker, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, file);
}
