import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalRedisStarter } from '../../src/cache/local-redis-starter.js';
import { loopbackUrlsKilledAfterAll } from './helpers/redis-server-process.js';

const workDir = mkdtempSync(join(tmpdir(), 'cache-docker-start-'));

afterAll(() => rmSync(workDir, { recursive: true, force: true }));
// Registered after the clean-up above, so it runs before it: the servers stop before their folder goes.
const freeLoopbackUrl = loopbackUrlsKilledAfterAll();

describe('PREFER_DOCKER_REDIS', () => {
  // No Docker engine on this machine kind, so a stand-in `docker` first on PATH records what the starter
  // runs; its `compose up -d redis` starts a real (daemonized) redis-server on the test's port.
  const shimDir = join(workDir, 'docker-shim');
  const shimLog = join(shimDir, 'calls.log');
  const savedEnv = { ...process.env };

  const preferDockerStarter = async (behaviour: { info: number; compose: 'start' | 'fail' }) => {
    const url = await freeLoopbackUrl();
    rmSync(shimDir, { recursive: true, force: true });
    mkdirSync(shimDir, { recursive: true });
    const compose =
      behaviour.compose === 'start'
        ? `exec redis-server --port ${new URL(url).port} --save '' --appendonly no --bind 127.0.0.1 --daemonize yes --pidfile ${shimDir}/redis.pid`
        : 'echo "no configuration file provided: not found" >&2; exit 14';
    writeFileSync(
      join(shimDir, 'docker'),
      `#!/bin/sh\necho "$*" >> ${shimLog}\ncase "$1" in\n  info) exit ${String(behaviour.info)} ;;\n  compose) ${compose} ;;\nesac\nexit 2\n`,
    );
    chmodSync(join(shimDir, 'docker'), 0o755);
    process.env.PATH = `${shimDir}:${savedEnv.PATH ?? ''}`;
    const starter = LocalRedisStarter.forUrl({
      redisUrl: url,
      startCommand: '',
      preferDocker: true,
      startTimeoutMs: 5_000,
      logger: pino({ level: 'silent' }),
    });
    if (starter === undefined) throw new Error('loopback URL must get a starter');
    return starter;
  };
  const shimCalls = () => readFileSync(shimLog, 'utf8').trim().split('\n');

  afterAll(() => {
    process.env.PATH = savedEnv.PATH;
  });

  it('runs `docker compose up -d redis` when Docker answers, then waits for PING', async () => {
    const sut = await preferDockerStarter({ info: 0, compose: 'start' });
    expect(await sut.ensureRunning()).toEqual({ ok: true, how: 'docker compose up -d redis' });
    expect(shimCalls()).toEqual(['info', 'compose up -d redis']);
  });

  it('falls back to redis-server when Docker does not answer', async () => {
    const sut = await preferDockerStarter({ info: 1, compose: 'start' });
    expect(await sut.ensureRunning()).toEqual({ ok: true, how: 'redis-server' });
    expect(shimCalls()).toEqual(['info']);
  });

  it('falls back to redis-server when compose fails (e.g. no compose file)', async () => {
    const sut = await preferDockerStarter({ info: 0, compose: 'fail' });
    expect(await sut.ensureRunning()).toEqual({ ok: true, how: 'redis-server' });
    expect(shimCalls()).toEqual(['info', 'compose up -d redis']);
  });
});
