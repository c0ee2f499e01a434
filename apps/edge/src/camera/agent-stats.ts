/** Counters the agent prints periodically. */
export interface AgentCounters {
  frames: number;
  faces: number;
  refused: number;
  requests: number;
  recorded: number;
  alreadyRecorded: number;
  unknown: number;
  queued: number;
  errors: number;
  /** Tracks judged a spoof by passive liveness (one per track). */
  spoofs: number;
}

/**
 * Frame rate, mean per-stage time and counts over a reporting window. `stage()` accumulates
 * milliseconds per named stage (read, analyze, track, render, publish).
 */
export class AgentStats {
  readonly totals: AgentCounters = {
    frames: 0,
    faces: 0,
    refused: 0,
    requests: 0,
    recorded: 0,
    alreadyRecorded: 0,
    unknown: 0,
    queued: 0,
    errors: 0,
    spoofs: 0,
  };
  private windowFrames = 0;
  private windowStart: number;
  private readonly stageMs = new Map<string, number>();

  constructor(now: number) {
    this.windowStart = now;
  }

  count(counter: keyof AgentCounters, by = 1): void {
    this.totals[counter] += by;
    if (counter === 'frames') this.windowFrames += by;
  }

  stage(name: string, ms: number): void {
    this.stageMs.set(name, (this.stageMs.get(name) ?? 0) + ms);
  }

  /** One line for the log; starts a new window. */
  report(now: number, extra: string): string {
    const seconds = Math.max(0.001, (now - this.windowStart) / 1000);
    const frames = Math.max(1, this.windowFrames);
    const stages = [...this.stageMs].map(([name, ms]) => `${name} ${(ms / frames).toFixed(1)}`);
    const t = this.totals;
    const line =
      `fps ${(this.windowFrames / seconds).toFixed(1)} | ms/frame ${stages.join(' ')} | ` +
      `frames ${t.frames} faces ${t.faces} refused ${t.refused} requests ${t.requests} ` +
      `recorded ${t.recorded} already ${t.alreadyRecorded} unknown ${t.unknown} ` +
      `queued ${t.queued} errors ${t.errors} spoofs ${t.spoofs}${extra}`;
    this.windowFrames = 0;
    this.windowStart = now;
    this.stageMs.clear();
    return line;
  }
}
