import type { Logger } from 'pino';
import { backoffDelayMs, type BackoffPolicy } from './backoff.js';
import { pingRedis } from './ping-redis.js';
import { loopbackTarget, redactUrl, type LoopbackRedisTarget } from './redis-url.js';
import {
  describeProcessEnd,
  runToCompletion,
  spawnDetached,
  type DetachedProcess,
} from './spawn-detached.js';

/** Settings of {@link LocalRedisStarter}. */
export interface LocalRedisStarterOptions {
  redisUrl: string;
  /** LOCAL_REDIS_START_CMD; run with `sh -c`, `REDIS_PORT` in its environment. Empty = built-in. */
  startCommand: string;
  /** PREFER_DOCKER_REDIS: try `docker compose up -d redis` first when Docker answers. */
  preferDocker: boolean;
  /** How long one start may take until Redis answers PING. */
  startTimeoutMs: number;
  logger: Logger;
  /** Pause before retrying after a failed start. */
  retryBackoff?: BackoffPolicy;
}

/** Result of one {@link LocalRedisStarter.ensureRunning} call. */
export type StartOutcome = { ok: true; how: string } | { ok: false; reason: string };

const DEFAULT_RETRY_BACKOFF: BackoffPolicy = { baseMs: 5_000, maxMs: 300_000 };
const PING_INTERVAL_MS = 250;

/**
 * Starts a Redis for a loopback `REDIS_URL` when none answers: LOCAL_REDIS_START_CMD, else Docker
 * Compose (if preferred and usable), else a `redis-server` without persistence bound to loopback.
 *
 * Concurrent callers share the start in progress; after a failure the next attempt waits for an
 * exponential backoff instead of giving up forever (the original's one-shot flag) or respawning on
 * every call.
 */
export class LocalRedisStarter {
  #inFlight: Promise<StartOutcome> | undefined;
  #failures = 0;
  #nextAttemptAt = 0;
  #lastFailure = '';
  readonly #retryBackoff: BackoffPolicy;

  private constructor(
    private readonly options: LocalRedisStarterOptions,
    private readonly target: LoopbackRedisTarget,
  ) {
    this.#retryBackoff = options.retryBackoff ?? DEFAULT_RETRY_BACKOFF;
  }

  /** A starter for `options.redisUrl`, or `undefined` when it is not loopback (never start those). */
  static forUrl(options: LocalRedisStarterOptions): LocalRedisStarter | undefined {
    const target = loopbackTarget(options.redisUrl);
    return target === undefined ? undefined : new LocalRedisStarter(options, target);
  }

  /** One-line state for health reasons. */
  describe(): string {
    if (this.#inFlight) return 'local auto-start in progress';
    if (this.#failures === 0) return 'local auto-start available';
    const waitSeconds = Math.ceil(this.msUntilNextAttempt() / 1000);
    return `local auto-start failed ${String(this.#failures)}× (${this.#lastFailure}); next attempt in ${String(waitSeconds)} s`;
  }

  /** Milliseconds until another start may be attempted (0 = now). */
  msUntilNextAttempt(): number {
    return Math.max(0, this.#nextAttemptAt - Date.now());
  }

  /** Makes sure Redis answers, starting it if needed. Never throws; shares a start in progress. */
  ensureRunning(): Promise<StartOutcome> {
    if (this.#inFlight) return this.#inFlight;
    if (Date.now() < this.#nextAttemptAt) {
      return Promise.resolve({ ok: false, reason: this.describe() });
    }
    this.#inFlight = this.#attempt().finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  async #attempt(): Promise<StartOutcome> {
    const { redisUrl, startTimeoutMs, logger } = this.options;
    if (await pingRedis(redisUrl, Math.min(startTimeoutMs, 1_000))) {
      return this.#succeeded('already running');
    }
    logger.info({ redisUrl: redactUrl(redisUrl) }, 'redis not answering; starting a local one');
    const outcome = await this.#start();
    if (outcome.ok) return this.#succeeded(outcome.how);
    this.#failures += 1;
    this.#lastFailure = outcome.reason;
    this.#nextAttemptAt = Date.now() + backoffDelayMs(this.#failures, this.#retryBackoff);
    logger.warn({ reason: this.describe() }, 'local redis start failed');
    return { ok: false, reason: outcome.reason };
  }

  #succeeded(how: string): StartOutcome {
    this.#failures = 0;
    this.#nextAttemptAt = 0;
    this.options.logger.info({ how }, 'local redis answering');
    return { ok: true, how };
  }

  async #start(): Promise<StartOutcome> {
    const { startCommand, preferDocker } = this.options;
    if (startCommand !== '') {
      const env = { ...process.env, REDIS_PORT: String(this.target.port) };
      const child = spawnDetached(startCommand, [], { shell: true, env });
      return this.#awaitPing(child, 'LOCAL_REDIS_START_CMD');
    }
    let dockerFailure = '';
    if (preferDocker) {
      const docker = await this.#startWithDocker();
      if (docker.ok) return docker;
      dockerFailure = `${docker.reason}; `;
      this.options.logger.info({ reason: docker.reason }, 'no docker redis; trying redis-server');
    }
    const args = ['--port', String(this.target.port), '--save', '', '--appendonly', 'no'];
    args.push('--bind', ...this.target.bindAddress.split(' '));
    const native = await this.#awaitPing(spawnDetached('redis-server', args), 'redis-server');
    return native.ok ? native : { ok: false, reason: `${dockerFailure}${native.reason}` };
  }

  /** `docker compose up -d redis` (compose file in the working directory), if Docker answers. */
  async #startWithDocker(): Promise<StartOutcome> {
    const { startTimeoutMs } = this.options;
    const info = await runToCompletion('docker', ['info'], Math.min(startTimeoutMs, 5_000));
    if (info.code !== 0) return { ok: false, reason: `docker not usable (${describeProcessEnd(info)})` };
    const up = await runToCompletion('docker', ['compose', 'up', '-d', 'redis'], startTimeoutMs);
    if (up.code !== 0) {
      return { ok: false, reason: `docker compose up -d redis: ${describeProcessEnd(up)}` };
    }
    return this.#awaitPing(undefined, 'docker compose up -d redis');
  }

  /** Polls PING until the deadline; gives up early when the started process already failed. */
  async #awaitPing(child: DetachedProcess | undefined, how: string): Promise<StartOutcome> {
    const { redisUrl, startTimeoutMs } = this.options;
    const deadline = Date.now() + startTimeoutMs;
    const started: { failure?: string } = {};
    void child?.ended.then((end) => {
      if (end.code !== 0) started.failure = describeProcessEnd(end);
    });
    while (Date.now() < deadline) {
      if (await pingRedis(redisUrl, PING_INTERVAL_MS * 2)) return { ok: true, how };
      if (started.failure !== undefined) return { ok: false, reason: `${how}: ${started.failure}` };
      await new Promise((resolve) => setTimeout(resolve, PING_INTERVAL_MS));
    }
    child?.kill(); // a start that never answered must not linger
    return { ok: false, reason: `${how}: no PING reply within ${String(startTimeoutMs)} ms` };
  }
}
