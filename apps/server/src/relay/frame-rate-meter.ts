/** Frames per second over a sliding window of recent arrival times (milliseconds). */
export class FrameRateMeter {
  private readonly arrivals: number[] = [];

  constructor(private readonly windowMs: number) {}

  record(nowMs: number): void {
    this.arrivals.push(nowMs);
    this.prune(nowMs);
  }

  fps(nowMs: number): number {
    this.prune(nowMs);
    return (this.arrivals.length * 1000) / this.windowMs;
  }

  private prune(nowMs: number): void {
    const oldest = nowMs - this.windowMs;
    let drop = 0;
    while (drop < this.arrivals.length && (this.arrivals[drop] ?? 0) <= oldest) drop++;
    if (drop > 0) this.arrivals.splice(0, drop);
  }
}
