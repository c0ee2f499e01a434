import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createCooldownStore } from '../../src/cache/create-cooldown-store.js';
import { LocalRedisStarter } from '../../src/cache/local-redis-starter.js';
import { loopbackTarget } from '../../src/cache/redis-url.js';
import { cacheConfigFrom, captureLogger, eventually } from './helpers/cache-test-kit.js';
import { loopbackUrlsKilledAfterAll } from './helpers/redis-server-process.js';

const workDir = mkdtempSync(join(tmpdir(), 'cache-auto-start-'));
const quickRetry = { localRedisRetryBackoff: { baseMs: 300, maxMs: 300 }, maxReconnectDelayMs: 200 };

afterAll(() => rmSync(workDir, { recursive: true, force: true }));
// Registered after the clean-up above, so it runs before it: the servers stop before their folder goes.
const freeLoopbackUrl = loopbackUrlsKilledAfterAll();

describe('local Redis auto-start', () => {
  it('starts a real redis-server for a loopback URL in the background and uses it', async () => {
    const url = await freeLoopbackUrl();
    const { logger, lines } = captureLogger();
    const config = cacheConfigFrom({ CACHE_BACKEND: 'redis', REDIS_URL: url });
    const sut = await createCooldownStore(config, logger, quickRetry);
    try {
      expect(sut.health().backend).toBe('redis');
      expect(await eventually(() => sut.health().status === 'up', 10_000)).toBe(true);
      const answered = () => lines().some((line) => line.msg === 'local redis answering');
      expect(await eventually(answered, 5_000)).toBe(true);
      expect(lines().map((line) => line.msg)).toContain('redis not answering; starting a local one');

      await sut.markCoolingDown('auto-start:cooldown:1', 60_000);
      expect(await sut.isCoolingDown('auto-start:cooldown:1')).toBe(true);
      const direct = new Redis(url);
      try {
        expect(await direct.pttl('auto-start:cooldown:1')).toBeGreaterThan(50_000);
        const info = await direct.info('server');
        expect(info).toMatch(/tcp_port:\d+/);
        expect(Number(/process_id:(\d+)/.exec(info)?.[1])).not.toBe(process.pid);
        expect(await direct.config('GET', 'save')).toEqual(['save', '']);
      } finally {
        direct.disconnect();
      }
    } finally {
      await sut.close();
    }
  });

  it('with a failing start command: degraded with the reason, still serving, no throw', async () => {
    const url = await freeLoopbackUrl();
    const config = cacheConfigFrom({
      CACHE_BACKEND: 'redis',
      REDIS_URL: url,
      LOCAL_REDIS_START_CMD: 'sleep 1; exit 3',
    });
    const started = Date.now();
    const sut = await createCooldownStore(config, pino({ level: 'silent' }));
    try {
      expect(Date.now() - started).toBeLessThan(900); // startup does not wait for the start
      expect(sut.health().reason).toMatch(/local auto-start in progress/);
      expect(await eventually(() => /failed 1×/.test(sut.health().reason), 5_000)).toBe(true);
      expect(sut.health()).toMatchObject({ backend: 'redis', status: 'degraded' });
      expect(sut.health().reason).toContain('LOCAL_REDIS_START_CMD: exit code 3');
      expect(await sut.isCoolingDown('k')).toBe(false);
      await expect(sut.markCoolingDown('k', 1_000)).resolves.toBeUndefined();
      await expect(sut.clear('k')).resolves.toBeUndefined();
    } finally {
      await sut.close();
    }
  });

  it('retries a failed start after a backoff instead of giving up', async () => {
    const url = await freeLoopbackUrl();
    const marker = join(workDir, 'first-attempt-failed');
    const command = `if [ -f ${marker} ]; then exec redis-server --port $REDIS_PORT --save '' --appendonly no --bind 127.0.0.1; else touch ${marker}; exit 1; fi`;
    const { logger, lines } = captureLogger();
    const config = cacheConfigFrom({
      CACHE_BACKEND: 'redis',
      REDIS_URL: url,
      LOCAL_REDIS_START_CMD: command,
    });
    const sut = await createCooldownStore(config, logger, quickRetry);
    try {
      expect(await eventually(() => sut.health().status === 'up', 10_000)).toBe(true);
      expect(existsSync(marker)).toBe(true);
      const answered = () => lines().some((line) => line.msg === 'local redis answering');
      expect(await eventually(answered, 5_000)).toBe(true);
      const messages = lines().map((line) => line.msg);
      expect(messages).toContain('local redis start failed');
      expect(messages.indexOf('local redis start failed')).toBeLessThan(
        messages.indexOf('local redis answering'),
      );
    } finally {
      await sut.close();
    }
  });

  it('lets concurrent callers share one start', async () => {
    const url = await freeLoopbackUrl();
    const counter = join(workDir, 'start-count');
    const sut = LocalRedisStarter.forUrl({
      redisUrl: url,
      startCommand: `echo started >> ${counter}; exec redis-server --port $REDIS_PORT --save '' --appendonly no --bind 127.0.0.1`,
      preferDocker: false,
      startTimeoutMs: 10_000,
      logger: pino({ level: 'silent' }),
    });
    if (sut === undefined) throw new Error('loopback URL must get a starter');
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => sut.ensureRunning()));
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    expect(readFileSync(counter, 'utf8').trim().split('\n')).toHaveLength(1);
    expect(await sut.ensureRunning()).toEqual({ ok: true, how: 'already running' });
  });

  it('gives up one start after the timeout and kills what it spawned', async () => {
    const url = await freeLoopbackUrl();
    const pidFile = join(workDir, 'sleeper.pid');
    const sut = LocalRedisStarter.forUrl({
      redisUrl: url,
      startCommand: `echo $$ > ${pidFile}; exec sleep 30`,
      preferDocker: false,
      startTimeoutMs: 1_000,
      logger: pino({ level: 'silent' }),
    });
    const outcome = await sut?.ensureRunning();
    expect(outcome).toEqual({
      ok: false,
      reason: 'LOCAL_REDIS_START_CMD: no PING reply within 1000 ms',
    });
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(await eventually(() => !isAlive(pid), 3_000)).toBe(true);
    expect(sut?.describe()).toMatch(/failed 1×.*next attempt in \d+ s/);
  });

  it('never starts anything for a non-loopback URL', async () => {
    const marker = join(workDir, 'remote-start-ran');
    const config = cacheConfigFrom({
      CACHE_BACKEND: 'redis',
      REDIS_URL: 'redis://192.0.2.10:6379', // TEST-NET-1: never routable
      LOCAL_REDIS_START_CMD: `touch ${marker}`,
    });
    const sut = await createCooldownStore(config, pino({ level: 'silent' }));
    try {
      expect(sut.health()).toMatchObject({ backend: 'redis', status: 'degraded' });
      expect(sut.health().reason).toMatch(/no auto-start: REDIS_URL is not a plain loopback/);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(existsSync(marker)).toBe(false);
    } finally {
      await sut.close();
    }
    for (const remote of ['redis://10.0.0.5:6379', 'rediss://127.0.0.1:6380', 'redis://cache.example.com']) {
      expect(loopbackTarget(remote)).toBeUndefined();
    }
    expect(loopbackTarget('redis://localhost')).toEqual({ bindAddress: '127.0.0.1 -::1', port: 6379 });
    expect(loopbackTarget('redis://127.0.0.2:7000/1')).toEqual({ bindAddress: '127.0.0.2', port: 7000 });
  });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
