import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const kib = (text: string, field: string) =>
  Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0);

/** Resident set size of one process, MiB. */
export function rssMiB(pid: number): number {
  return kib(readFileSync(`/proc/${pid}/status`, 'utf8'), 'VmRSS') / 1024;
}

/**
 * Huge pages in use on this machine, MiB (/proc/meminfo). Shared memory on huge pages appears in no process's
 * PSS; on the bench machine only the bench's PostgreSQL uses them.
 */
export function hugePagesInUseMiB(): number {
  const meminfo = readFileSync('/proc/meminfo', 'utf8');
  const pages = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(meminfo)?.[1] ?? 0);
  return ((pages('HugePages_Total') - pages('HugePages_Free')) * kib(meminfo, 'Hugepagesize')) / 1024;
}

/**
 * Memory of a PostgreSQL cluster, MiB: the sum of PSS (shared pages split between the processes sharing
 * them, so shared_buffers is counted once) over the postmaster and its children, plus the huge pages in
 * use when its shared memory is on huge pages.
 */
export function postgresPssMiB(dataDir: string): number {
  const postmaster = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const pid = Number(entry);
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (pid !== postmaster && ppid !== postmaster) continue;
      total += kib(readFileSync(`/proc/${entry}/smaps_rollup`, 'utf8'), 'Pss');
    } catch {
      /* process ended meanwhile */
    }
  }
  return total / 1024 + hugePagesInUseMiB();
}
