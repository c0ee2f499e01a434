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

/** Frames and milliseconds per named stage since a start time. */
class Span {
  frames = 0;
  readonly stageMs = new Map<string, number>();

  constructor(readonly start: number) {}

  add(name: string, ms: number): void {
    this.stageMs.set(name, (this.stageMs.get(name) ?? 0) + ms);
  }

  /** `read 1.2 analyze 180.3 …`: mean milliseconds per frame of each stage. */
  perFrame(): string {
    const frames = Math.max(1, this.frames);
    return [...this.stageMs].map(([name, ms]) => `${name} ${(ms / frames).toFixed(1)}`).join(' ');
  }

  seconds(now: number): number {
    return Math.max(0.001, (now - this.start) / 1000);
  }
}

/**
 * Frame rate, mean per-stage time and counts. The run's figures are its real averages: frames divided by
 * the wall time since the agent started (not since the last report), and each stage's total milliseconds
 * divided by the frames. Periodic reports add the last window's frame rate and stage times.
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
  private readonly run: Span;
  private window: Span;
  private end: number | null = null;

  constructor(now: number) {
    this.run = new Span(now);
    this.window = new Span(now);
  }

  count(counter: keyof AgentCounters, by = 1): void {
    this.totals[counter] += by;
    if (counter === 'frames') {
      this.run.frames += by;
      this.window.frames += by;
    }
  }

  stage(name: string, ms: number): void {
    this.run.add(name, ms);
    this.window.add(name, ms);
  }

  /** The frames are over (the source ended or the agent was stopped): the run's wall time ends here. */
  stopClock(now: number): void {
    this.end ??= now;
  }

  /** The periodic line: the run so far, then the window since the last report (which starts anew). */
  report(now: number, extra: string): string {
    const windowSeconds = this.window.seconds(now);
    const line =
      `stats: ${this.runFigures(now)} (last ${windowSeconds.toFixed(1)} s: fps ` +
      `${(this.window.frames / windowSeconds).toFixed(2)}, ms/frame ${this.window.perFrame()}) | ` +
      `${this.counters()}${extra}`;
    this.window = new Span(now);
    return line;
  }

  /** The final line: the whole run's averages and counts. */
  finalReport(now: number, extra: string): string {
    return `final: ${this.runFigures(this.end ?? now)} | ms/frame ${this.run.perFrame()} | ${this.counters()}${extra}`;
  }

  private runFigures(now: number): string {
    const seconds = this.run.seconds(now);
    return `${this.run.frames} frames in ${seconds.toFixed(1)} s, fps ${(this.run.frames / seconds).toFixed(2)}`;
  }

  private counters(): string {
    const t = this.totals;
    return (
      `frames ${t.frames} faces ${t.faces} refused ${t.refused} requests ${t.requests} ` +
      `recorded ${t.recorded} already ${t.alreadyRecorded} unknown ${t.unknown} ` +
      `queued ${t.queued} errors ${t.errors} spoofs ${t.spoofs}`
    );
  }
}
