/**
 * @module A PostgreSQL cluster owned by one test file (initdb into a temp dir, its own port), so a fault
 * test can stop and start "the database" without touching the machine's shared PostgreSQL. pgvector's
 * extension files are installed system-wide, so `CREATE EXTENSION vector` works here too.
 */
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './server-process.js';

const run = promisify(execFile);
const PG_BIN = process.env['PG_BIN'] ?? newestDebianPgBin();
/** PostgreSQL refuses to run as root; CI runs as root, so the cluster then belongs to `postgres`. */
const AS_POSTGRES = process.getuid?.() === 0;

export interface ThrowawayPostgres {
  readonly port: number;
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (trust auth, loopback only). */
  readonly url: string;
  /** Fast shutdown: open connections are terminated, as in an operator's restart. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the cluster and deletes its directory. Safe to call twice. */
  destroy(): Promise<void>;
}

/** `/usr/lib/postgresql/<newest major>/bin`, where Debian installs the server binaries (not on PATH). */
function newestDebianPgBin(): string {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root)
    ? readdirSync(root)
        .filter((name) => existsSync(path.join(root, name, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  return path.join(root, majors[0] ?? '15', 'bin');
}

const live = new Set<string>();
let exitHookInstalled = false;

/** If the test process dies without afterAll, the clusters it started die with it. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const dir of live) {
      const pid = postmasterPid(dir);
      if (pid !== undefined) {
        try {
          process.kill(pid, 'SIGQUIT'); // immediate shutdown
        } catch {
          // already gone
        }
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

function postmasterPid(dir: string): number | undefined {
  const file = path.join(dir, 'data', 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

async function pgTool(tool: string, args: string[]): Promise<void> {
  const binary = path.join(PG_BIN, tool);
  const [command, argv] = AS_POSTGRES
    ? ['runuser', ['-u', 'postgres', '--', binary, ...args]]
    : [binary, args];
  await run(command, argv, { timeout: 60_000 });
}

/** initdb + start on a free port, with settings for throwaway data (no fsync). */
export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  installExitHook();
  const dir = mkdtempSync(path.join(tmpdir(), 'throwaway-pg-'));
  live.add(dir);
  if (AS_POSTGRES) chownSync(dir, ...postgresIds());
  const port = await freePort();
  const dataDir = path.join(dir, 'data');
  const options = [
    `-p ${String(port)}`,
    '-c listen_addresses=127.0.0.1',
    "-c unix_socket_directories=''",
    '-c fsync=off',
    '-c max_connections=60',
  ].join(' ');
  const start = () =>
    pgTool('pg_ctl', ['-D', dataDir, '-o', options, '-l', path.join(dir, 'log'), '-w', '-t', '60', 'start']);
  let stopped = true;
  const handle: ThrowawayPostgres = {
    port,
    url: `postgres://postgres@127.0.0.1:${String(port)}/postgres`,
    async stop() {
      if (stopped) return;
      await pgTool('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', '-t', '60', 'stop']);
      stopped = true;
    },
    async start() {
      if (!stopped) return;
      await start();
      stopped = false;
    },
    async destroy() {
      if (!live.has(dir)) return;
      await handle.stop().catch(() => {
        const pid = postmasterPid(dir);
        if (pid !== undefined) process.kill(pid, 'SIGQUIT');
      });
      live.delete(dir);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await pgTool('initdb', ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync']);
    await handle.start();
    await ensureVector(handle.url);
    return handle;
  } catch (error) {
    await handle.destroy().catch(() => undefined);
    throw error;
  }
}

/** Fails loudly when pgvector is missing, before a test misreads it as a fault. */
async function ensureVector(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS vector');
  } finally {
    await client.end();
  }
}

function postgresIds(): [number, number] {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined) throw new Error('no postgres user to own the cluster');
  return [Number(uid), Number(gid)];
}
