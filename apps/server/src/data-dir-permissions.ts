import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** Only the server's own user may read or change anything under DATA_DIR (database, logs, admin key). */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;
const GROUP_OR_OTHER = 0o077;

export interface PermissionFixes {
  /** Paths (relative to DATA_DIR, `.` for itself) whose mode was looser and was tightened. */
  tightened: string[];
}

/**
 * Creates DATA_DIR (mode 0700) if missing and tightens every directory under it to 0700 and every file to
 * 0600 where group or others had any access. Symbolic links are left alone (their mode means nothing).
 */
export function securePrivateTree(dataDir: string): PermissionFixes {
  if (!existsSync(dataDir)) mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const tightened: string[] = [];
  const visit = (full: string) => {
    const stat = lstatSync(full);
    if (stat.isSymbolicLink()) return;
    const wanted = stat.isDirectory() ? PRIVATE_DIR_MODE : PRIVATE_FILE_MODE;
    if ((stat.mode & GROUP_OR_OTHER) !== 0) {
      chmodSync(full, wanted);
      tightened.push(path.relative(dataDir, full) || '.');
    }
    if (stat.isDirectory()) for (const name of readdirSync(full)) visit(path.join(full, name));
  };
  visit(dataDir);
  return { tightened };
}

/**
 * Files the process creates from now on are private (0600 files, 0700 directories), whatever the
 * inherited umask. Not possible inside worker threads (tests); there the startup and shutdown passes of
 * {@link securePrivateTree} still apply.
 */
export function usePrivateUmask(): void {
  try {
    process.umask(GROUP_OR_OTHER);
  } catch {
    // worker thread: process.umask() cannot be changed
  }
}
