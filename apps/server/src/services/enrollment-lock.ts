/**
 * Serialises duplicate-checked enrollments inside this process on embedded PGlite. There a bulk import
 * searches for duplicate faces outside its short write transaction (so identifies interleave with the
 * searches instead of waiting behind one long transaction), and `pg_advisory_xact_lock` cannot span a
 * search and a later transaction. Only one process can open a PGlite data directory, so an in-process lock
 * covers every writer. One lock for all models: enrollments are rare next to identifies. On PostgreSQL the
 * lock is a pass-through; the per-model advisory lock inside each enrollment's transaction serialises
 * instances.
 */
export class EnrollmentLock {
  #tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly enabled: boolean) {}

  run<T>(fn: () => Promise<T>): Promise<T> {
    if (!this.enabled) return fn();
    const result = this.#tail.then(fn);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
