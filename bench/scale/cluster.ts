import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const PG_BIN = process.env.SCALE_PG_BIN ?? '/usr/lib/postgresql/15/bin';

/**
 * The bench's own PostgreSQL cluster (never the system one): created with initdb under `dataDir`, tuned for
 * bulk loads and index builds, started with pg_ctl on `port`. Safe to keep between runs; `ensureCluster`
 * is idempotent. Runs as the `postgres` user when the bench runs as root (PostgreSQL refuses root).
 */
export const CLUSTER_SETTINGS: Record<string, string> = {
  shared_buffers: '4GB',
  // PostgreSQL's default, stated because it matters here: shared memory goes on 2 MiB pages when the kernel
  // has them reserved (`sysctl vm.nr_hugepages`, docs/scale.md), and a search's random walk over a 1.5 GB
  // graph then misses the TLB far less.
  huge_pages: 'try',
  maintenance_work_mem: '6GB',
  max_parallel_maintenance_workers: '2',
  max_parallel_workers: '4',
  work_mem: '64MB',
  effective_cache_size: '16GB',
  max_wal_size: '16GB',
  checkpoint_timeout: '30min',
  wal_compression: 'on',
  max_connections: '100',
  jit: 'off',
};

export interface Cluster {
  dataDir: string;
  port: number;
  /** Connection string of database `name` on this cluster. */
  url(name: string): string;
}

const spawnAsPostgres = (command: string, args: string[]) =>
  process.getuid?.() === 0
    ? spawnSync('runuser', ['-u', 'postgres', '--', command, ...args], { encoding: 'utf8' })
    : spawnSync(command, args, { encoding: 'utf8' });

const asPostgres = (command: string, args: string[]) => {
  const result = spawnAsPostgres(command, args);
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
  }
  return result.stdout;
};

export function ensureCluster(options: { root: string; port: number }): Cluster {
  const dataDir = path.join(options.root, 'pg15');
  mkdirSync(options.root, { recursive: true });
  if (process.getuid?.() === 0) {
    const ids = execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim();
    const gid = execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim();
    if (!existsSync(dataDir)) mkdirSync(dataDir, { mode: 0o700 });
    chownSync(dataDir, Number(ids), Number(gid));
  }
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    console.log(`initdb ${dataDir}`);
    asPostgres(`${PG_BIN}/initdb`, ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
    const conf = Object.entries(CLUSTER_SETTINGS)
      .map(([key, value]) => `${key} = '${value}'`)
      .join('\n');
    writeFileSync(
      path.join(dataDir, 'postgresql.auto.conf'),
      `# written by bench/scale/cluster.ts\nlisten_addresses = '127.0.0.1'\nport = ${options.port}\n${conf}\n`,
    );
  }
  const running = spawnAsPostgres(`${PG_BIN}/pg_ctl`, ['status', '-D', dataDir]);
  if (running.status !== 0) {
    console.log(`starting the bench PostgreSQL on 127.0.0.1:${options.port} (${dataDir})`);
    asPostgres(`${PG_BIN}/pg_ctl`, ['start', '-w', '-D', dataDir, '-l', path.join(dataDir, 'server.log')]);
  }
  return {
    dataDir,
    port: options.port,
    url: (name) => `postgres://postgres@127.0.0.1:${options.port}/${name}`,
  };
}

export function stopCluster(cluster: Cluster): void {
  asPostgres(`${PG_BIN}/pg_ctl`, ['stop', '-m', 'fast', '-D', cluster.dataDir]);
}

/** Machine line for result tables. */
export function machineDescription(): string {
  return `${os.cpus().length} CPU cores (${os.cpus()[0]?.model ?? 'unknown'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM`;
}
