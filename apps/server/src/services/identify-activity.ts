import type { FastifyReply, FastifyRequest } from 'fastify';

/** How long background work waits for identifies to finish before it takes one step anyway. */
const DEFAULT_MAX_WAIT_MS = 1000;

/**
 * Identify requests in progress, so that background database work can step aside for the door. On
 * embedded PGlite every statement runs on one connection, one at a time: a bulk import's step (a template
 * insert updates the HNSW graph: tens of milliseconds in WebAssembly) queued before an identify's next
 * statement makes the identify wait for it, once per statement. So the import asks {@link whenIdle} before
 * each step and an identify waits for at most the one step already running when it arrived.
 * Counting starts when the request's headers are read, not when its handler runs, so an identify whose
 * body is still being read is already counted.
 */
export class IdentifyActivity {
  #inProgress = 0;
  readonly #waiters = new Set<() => void>();

  get inProgress(): number {
    return this.#inProgress;
  }

  /** Route `onRequest` hook: counts the request until its response is finished or the client goes away. */
  readonly track = (request: FastifyRequest, reply: FastifyReply, done: () => void): void => {
    this.#inProgress++;
    reply.raw.once('close', () => this.#end());
    done();
  };

  /**
   * Resolves once no identify is in progress, or after `maxWaitMs` so that a steady stream of identifies
   * slows background work down without stopping it. Always yields first, so that requests that arrived
   * while the previous step ran are read (and counted) before this decides.
   */
  async whenIdle(maxWaitMs = DEFAULT_MAX_WAIT_MS): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    if (this.#inProgress === 0) return;
    await new Promise<void>((resolve) => {
      const release = () => {
        clearTimeout(timer);
        this.#waiters.delete(release);
        resolve();
      };
      const timer = setTimeout(release, maxWaitMs);
      this.#waiters.add(release);
    });
  }

  #end(): void {
    this.#inProgress--;
    if (this.#inProgress > 0) return;
    for (const release of [...this.#waiters]) release();
  }
}
