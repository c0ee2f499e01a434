import { spawn } from 'node:child_process';

/** How a spawned process ended: exit code, signal, or the spawn error (e.g. ENOENT). */
export interface ProcessEnd {
  code: number | null;
  signal: NodeJS.Signals | null;
  error?: string;
}

/** A process started in its own session that outlives this server. */
export interface DetachedProcess {
  pid: number | undefined;
  /** Settles when the process ends (or could not be spawned); never rejects. */
  ended: Promise<ProcessEnd>;
  /** Sends SIGTERM to the process group (best effort). */
  kill(): void;
}

/** Spawns `command args` detached (own process group, no stdio), so it survives our shutdown. */
export function spawnDetached(
  command: string,
  args: readonly string[],
  options: { shell?: boolean; env?: NodeJS.ProcessEnv } = {},
): DetachedProcess {
  const child = spawn(command, args, {
    detached: true,
    stdio: 'ignore',
    shell: options.shell ?? false,
    env: options.env ?? process.env,
  });
  const ended = new Promise<ProcessEnd>((resolve) => {
    child.once('error', (error) => resolve({ code: null, signal: null, error: error.message }));
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  child.unref();
  return {
    pid: child.pid,
    ended,
    kill: () => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    },
  };
}

/** Runs `command args` to completion with a deadline; resolves with how it ended. */
export function runToCompletion(
  command: string,
  args: readonly string[],
  timeoutMs: number,
): Promise<ProcessEnd> {
  const child = spawn(command, args, { stdio: 'ignore', timeout: timeoutMs });
  return new Promise<ProcessEnd>((resolve) => {
    child.once('error', (error) => resolve({ code: null, signal: null, error: error.message }));
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}

/** "exit code 1", "signal SIGTERM" or the spawn error. */
export function describeProcessEnd(end: ProcessEnd): string {
  if (end.error !== undefined) return end.error;
  if (end.signal !== null) return `killed by ${end.signal}`;
  return `exit code ${String(end.code)}`;
}
