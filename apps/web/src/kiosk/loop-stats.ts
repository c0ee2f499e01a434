/** The stages of one kiosk frame that are worth timing; the rest (drawing, feedback) is negligible. */
export type LoopStage = 'grab' | 'analyze' | 'liveness';

export interface LoopSnapshot {
  /** Frames per second of the recognition loop over the window. */
  fps: number;
  /** Mean milliseconds per frame of each stage over the window (a stage not run on a frame counts as 0). */
  stageMs: Record<LoopStage, number>;
  frames: number;
}

interface FrameTiming {
  endMs: number;
  stages: Record<LoopStage, number>;
}

/**
 * Throughput of the kiosk's recognition loop over a sliding window of recent frames, so the footer (and a
 * benchmark reading it) shows what the visitor gets now, not an average since the page loaded.
 */
export class LoopStats {
  private readonly frames: FrameTiming[] = [];
  private current: Record<LoopStage, number> = emptyStages();

  constructor(private readonly windowMs = 5000) {}

  /** Adds `ms` to `stage` of the frame in progress. */
  add(stage: LoopStage, ms: number): void {
    this.current[stage] += ms;
  }

  /** Closes the frame in progress at time `nowMs`. */
  endFrame(nowMs: number): void {
    this.frames.push({ endMs: nowMs, stages: this.current });
    this.current = emptyStages();
    while (this.frames.length > 1 && nowMs - (this.frames[0]?.endMs ?? nowMs) > this.windowMs) {
      this.frames.shift();
    }
  }

  snapshot(): LoopSnapshot {
    const stageMs = emptyStages();
    const count = this.frames.length;
    for (const frame of this.frames) {
      for (const stage of STAGES) stageMs[stage] += frame.stages[stage] / count;
    }
    const first = this.frames[0]?.endMs ?? 0;
    const last = this.frames[count - 1]?.endMs ?? 0;
    const fps = count > 1 && last > first ? ((count - 1) * 1000) / (last - first) : 0;
    return { fps, stageMs, frames: count };
  }
}

const STAGES: LoopStage[] = ['grab', 'analyze', 'liveness'];

function emptyStages(): Record<LoopStage, number> {
  return { grab: 0, analyze: 0, liveness: 0 };
}
