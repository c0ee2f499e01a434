import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { WorkerLoop, throttledWarning } from './worker-loop.js';

function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const check = () => {
      if (condition()) resolve();
      else if (Date.now() - started > timeoutMs) reject(new Error('condition not met'));
      else setTimeout(check, 5);
    };
    check();
  });
}

describe('WorkerLoop', () => {
  it('runs rounds one at a time, goes on after a failure and stops for good', async () => {
    let rounds = 0;
    let concurrent = 0;
    let mostConcurrent = 0;
    const errors: unknown[] = [];
    const loop = new WorkerLoop({
      round: async () => {
        rounds++;
        concurrent++;
        mostConcurrent = Math.max(mostConcurrent, concurrent);
        await new Promise((resolve) => setTimeout(resolve, 5));
        concurrent--;
        if (rounds === 2) throw new Error('round two fails');
        return 0;
      },
      idleMs: 1,
      onError: (error) => errors.push(error),
    });
    loop.start();
    loop.wake(); // a wake during a round does not start a second one at the same time
    await until(() => rounds >= 5);
    loop.stop();
    const stoppedAt = rounds;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(rounds - stoppedAt).toBeLessThanOrEqual(1); // at most the round already running
    expect(mostConcurrent).toBe(1);
    expect(errors).toHaveLength(1);
    expect(loop.running).toBe(false);
  });

  it('waits idleMs after a round that names no delay, and wakes early when asked', async () => {
    let rounds = 0;
    const loop = new WorkerLoop({
      round: () => {
        rounds++;
        return Promise.resolve();
      },
      idleMs: 3_600_000,
      onError: () => undefined,
    });
    loop.start();
    await until(() => rounds === 1);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(rounds).toBe(1);
    loop.wake();
    await until(() => rounds === 2);
    loop.stop();
    loop.wake(); // nothing after stop
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(rounds).toBe(2);
  });

  it('runs the next round at once when woken during a round, instead of after idleMs', async () => {
    let rounds = 0;
    let loop: WorkerLoop | null = null;
    loop = new WorkerLoop({
      round: async () => {
        rounds++;
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (rounds === 1) loop?.wake(); // e.g. a delivery finished while the round was claiming
      },
      idleMs: 3_600_000,
      onError: () => undefined,
    });
    loop.start();
    await until(() => rounds === 2, 5000);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(rounds).toBe(2); // and then idle again
    loop.stop();
  });
});

describe('throttledWarning', () => {
  it('logs one line per period and none for an unreachable database', () => {
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => lines.push(line) });
    const warn = throttledWarning(logger, 60_000);
    warn(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'database down');
    warn(new Error('first'), 'outbox unreadable');
    warn(new Error('second'), 'outbox unreadable');
    expect(lines.map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(['outbox unreadable']);
  });
});
