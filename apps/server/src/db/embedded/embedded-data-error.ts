import path from 'node:path';

/**
 * The embedded database under DATA_DIR is missing, new or damaged although DATA_DIR held one before. The
 * server refuses to start (it would otherwise serve an empty or partial database, or create a new one over
 * the old files); the message names the directory, the problem and the recovery steps.
 */
export class EmbeddedDataError extends Error {
  constructor(
    readonly dataDir: string,
    readonly problem: string,
  ) {
    super(describe(dataDir, problem));
    this.name = 'EmbeddedDataError';
  }
}

function describe(dataDir: string, problem: string): string {
  const pglite = path.join(dataDir, 'pglite');
  return [
    `refusing to start: the embedded database in ${pglite} is missing or damaged: ${problem}.`,
    `Nothing was changed in ${dataDir}. To recover:`,
    `  1. Keep the server stopped and copy ${dataDir} aside as it is.`,
    `  2. Restore the last backup of the embedded database (docs/operations.md, "Embedded database: backup`,
    `     and restore"): move ${pglite} and ${path.join(dataDir, 'database-marker.json')} away, then`,
    `     unpack the backup into ${dataDir}.`,
    `  3. Only to start over with an EMPTY database on purpose: move ${pglite} and`,
    `     ${path.join(dataDir, 'database-marker.json')} away and start the server.`,
  ].join('\n');
}

/** PGlite (WebAssembly) aborts with only `Aborted(). Build with -sASSERTIONS for more info.` on bad files. */
export function isPgliteAbort(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /Aborted\(/.test(message) || (error instanceof Error && error.name === 'RuntimeError');
}
