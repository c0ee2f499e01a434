/**
 * @module The real server (`apps/server/src/main.ts`) as a separate process, so a test can stop it, kill it
 * with SIGKILL and start it again on the same port and database, as an operator or a crash would. It runs
 * as ONE process (`node --import tsx main.ts`, not the tsx CLI wrapper), so a SIGKILL hits the server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const TSX_LOADER = pathToFileURL(require.resolve('tsx')).href;
const SERVER_MAIN = path.resolve(import.meta.dirname, '../../src/main.ts');
const MEMORY_PROBE = pathToFileURL(path.resolve(import.meta.dirname, 'memory-probe.preload.ts')).href;

/** A free TCP port on 127.0.0.1 (so a restarted server comes back on the same address). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** `process.memoryUsage()` of the server after a full GC, in bytes. */
export interface ServerMemory {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

export class ServerProcess {
  private child: ChildProcess | null = null;
  private output = '';

  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
    private readonly options: {
      memoryProbe?: boolean;
      /** Extra node flags before the entry point (e.g. `--cpu-prof`, `--cpu-prof-dir=…`). */
      nodeArgs?: readonly string[];
      /** Called with every line the server prints on stdout (JSON log lines). */
      onLine?: (line: string) => void;
    } = {},
  ) {}

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Everything the server printed so far (for assertions and failure messages). */
  get logs(): string {
    return this.output;
  }

  async start(timeoutMs = 90_000): Promise<void> {
    installExitHook();
    const probe = this.options.memoryProbe ? ['--expose-gc', '--import', MEMORY_PROBE] : [];
    const nodeArgs = this.options.nodeArgs ?? [];
    const child = spawn(process.execPath, [...nodeArgs, '--import', TSX_LOADER, ...probe, SERVER_MAIN], {
      env: {
        PATH: process.env['PATH'] ?? '/usr/bin:/bin',
        HOME: process.env['HOME'] ?? '/tmp',
        HOST: '127.0.0.1',
        PORT: String(this.port),
        LOG_LEVEL: 'warn',
        LOG_FILE: 'false',
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    running.add(child);
    child.once('exit', () => running.delete(child));
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (this.output += chunk));
    const onLine = this.options.onLine;
    if (onLine && child.stdout) createInterface({ input: child.stdout }).on('line', onLine);
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.output += chunk));
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}: ${this.output}`);
      const healthy = await fetch(`${this.baseUrl}/health/`).then(
        (response) => response.ok,
        () => false,
      );
      if (healthy) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`server did not become healthy in ${timeoutMs} ms: ${this.output}`);
  }

  /** SIGTERM and wait for the process to exit (graceful shutdown). */
  async stop(): Promise<void> {
    await this.terminate('SIGTERM');
  }

  /** SIGKILL: the process dies at once, mid-request, without closing anything (a crash or OOM kill). */
  async kill(): Promise<void> {
    await this.terminate('SIGKILL');
  }

  /**
   * Runs a full GC in the server and returns its memory usage (needs `memoryProbe: true`, which starts
   * node with `--expose-gc` and a preload that answers SIGUSR2).
   */
  async memory(): Promise<ServerMemory> {
    const child = this.child;
    if (!child?.pid || !this.options.memoryProbe) throw new Error('memory probe not enabled');
    const file = path.join(tmpdir(), `server-memory-${String(child.pid)}.json`);
    rmSync(file, { force: true });
    child.kill('SIGUSR2');
    for (let waited = 0; waited < 10_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      try {
        const memory = JSON.parse(readFileSync(file, 'utf8')) as ServerMemory;
        rmSync(file, { force: true });
        return memory;
      } catch {
        // not written yet (or half written)
      }
    }
    throw new Error('server did not report its memory');
  }

  private async terminate(signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
}

/** Servers still running when the test process exits (a failed test, no afterAll) are killed with it. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}
