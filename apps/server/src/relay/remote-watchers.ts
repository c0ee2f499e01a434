/** What one instance's viewers watch: every camera, or these cameras. */
export type WatchedCameras = 'all' | readonly string[];

/**
 * Which cameras viewers on other server instances watch, from their presence announcements. An instance
 * that stops announcing (crashed, or shut down) is forgotten after `ttlMs`; one that never says what it
 * watches (a version before this) counts as watching every camera.
 */
export class RemoteWatchers {
  readonly #instances = new Map<string, { watching: 'all' | ReadonlySet<string>; seenAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records an instance's announcement; `watching` undefined means it did not say. */
  update(instanceId: string, watching: WatchedCameras | undefined): void {
    this.#instances.set(instanceId, {
      watching: watching === undefined || watching === 'all' ? 'all' : new Set(watching),
      seenAt: this.now(),
    });
  }

  /** Whether a viewer on some other live instance watches `cameraId`. */
  watches(cameraId: string): boolean {
    const oldest = this.now() - this.ttlMs;
    for (const [instanceId, { watching, seenAt }] of this.#instances) {
      if (seenAt < oldest) this.#instances.delete(instanceId);
      else if (watching === 'all' || watching.has(cameraId)) return true;
    }
    return false;
  }
}
