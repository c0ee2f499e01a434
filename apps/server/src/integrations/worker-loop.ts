import type { Logger } from 'pino';
import { isDatabaseUnavailable } from '../db/database-unavailable.js';

export interface WorkerLoopOptions {
  /** One round of work; resolves to the delay before the next round (`idleMs` when it says nothing). */
  round: () => Promise<number | void>;
  /** Delay after a round that failed or named none. */
  idleMs: number;
  /** Told of a round that threw; the loop goes on after `idleMs`. */
  onError: (error: unknown) => void;
}

/**
 * The timer loop of a background worker: one round at a time, never two at once, the next one scheduled by
 * the round itself or woken early (`wake`), nothing after `stop`. Timers are unref'd so a loop never keeps
 * the process alive.
 */
export class WorkerLoop {
  #timer: NodeJS.Timeout | null = null;
  #running = false;
  #inRound = false;
  #wokenDuringRound = false;

  constructor(private readonly options: WorkerLoopOptions) {}

  get running(): boolean {
    return this.#running;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.wake();
  }

  stop(): void {
    this.#running = false;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  /**
   * Runs the next round after `delayMs` instead of whenever it was due. Woken while a round runs, the next
   * round follows that one at once: the work it was woken for may have come after the round looked.
   */
  wake(delayMs = 0): void {
    if (!this.#running) return;
    if (this.#inRound) {
      this.#wokenDuringRound = true;
      return;
    }
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#round(), delayMs);
    this.#timer.unref();
  }

  async #round(): Promise<void> {
    if (this.#inRound || !this.#running) return;
    this.#inRound = true;
    this.#wokenDuringRound = false;
    let nextMs = this.options.idleMs;
    try {
      nextMs = (await this.options.round()) ?? this.options.idleMs;
    } catch (error) {
      this.options.onError(error);
    } finally {
      this.#inRound = false;
      this.wake(this.#wokenDuringRound ? 0 : nextMs);
    }
  }
}

/**
 * A worker's warning for failures that repeat every round: at most one line per `everyMs`, and none for an
 * unreachable database (the outage log reports that, a bounded number of lines).
 */
export function throttledWarning(
  logger: Logger,
  everyMs = 30_000,
): (error: unknown, message: string) => void {
  let lastLoggedAt = 0;
  return (error, message) => {
    if (isDatabaseUnavailable(error)) return;
    if (Date.now() - lastLoggedAt < everyMs) return;
    lastLoggedAt = Date.now();
    logger.warn({ err: error }, message);
  };
}
