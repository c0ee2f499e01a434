import { cropResizeTensor } from '../image/crop-resize.js';
import type { ModelBytes } from '../create-pipeline.js';
import { resolveModelSpec, sha256Hex } from '@attendance/models';
import type { LivenessSpec } from '@attendance/models';
import type { InferenceRuntime } from '../runtime/inference-runtime.js';
import { TimedSession } from '../runtime/timed-session.js';
import type { RgbImage } from '../types.js';
import { livenessBoxFromDetection, livenessCropBox } from './crop-rule.js';

export type LivenessDecision = 'real' | 'spoof' | 'too_small';

/** Why a face was not judged real: `come_closer` (face too small to judge) or `spoof_suspected`. */
export type LivenessReason = 'come_closer' | 'spoof_suspected';

export interface LivenessResult {
  /** Averaged P(real) of the model pair, 0–1 (computed even for a too-small face, for diagnostics). */
  score: number;
  decision: LivenessDecision;
  reason?: LivenessReason;
}

export interface PassiveLivenessOptions {
  /** Score at or above which a face is `real` (default {@link DEFAULT_LIVENESS_THRESHOLD}). */
  threshold?: number;
  /** Minimum face box width in frame pixels for any decision but `too_small` (default {@link DEFAULT_MIN_LIVENESS_FACE}). */
  minFaceSize?: number;
}

/** See the package README, "Passive liveness": chosen from the scores measured on `../shared/faces`. */
export const DEFAULT_LIVENESS_THRESHOLD = 0.5;
/** Faces narrower than this are `too_small` ("come closer"): small screens are the model's known weakness. */
export const DEFAULT_MIN_LIVENESS_FACE = 80;

interface LivenessModel {
  spec: LivenessSpec;
  session: TimedSession;
  inputName: string;
  outputName: string;
  inputWidth: number;
  inputHeight: number;
}

/**
 * Passive anti-spoofing with the MiniFASNet pair: each model sees its own wide crop of the full frame around
 * the detector box (crop rule 2.7× and 4.0×), 80×80 BGR 0–255; score = P(real) averaged over the models.
 * Load it with `createPassiveLiveness` from `@attendance/vision/node` or `/web`.
 * @example
 * const result = await liveness.check(frame, face); // { score: 0.93, decision: 'real' }
 */
export class PassiveLiveness {
  readonly threshold: number;
  readonly minFaceSize: number;

  private constructor(
    private readonly models: readonly LivenessModel[],
    options: PassiveLivenessOptions,
  ) {
    this.threshold = options.threshold ?? DEFAULT_LIVENESS_THRESHOLD;
    this.minFaceSize = options.minFaceSize ?? DEFAULT_MIN_LIVENESS_FACE;
  }

  /** Identifies each file (sha256 or its manifest spec) and opens its session on `runtime`. */
  static async load(
    runtime: InferenceRuntime,
    files: readonly ModelBytes[],
    options: PassiveLivenessOptions = {},
  ): Promise<PassiveLiveness> {
    if (files.length === 0) throw new Error('passive liveness needs at least one model');
    const models: LivenessModel[] = [];
    try {
      for (const file of files) {
        const spec = resolveModelSpec({
          role: 'liveness',
          sha256: await sha256Hex(file.bytes),
          source: file.source,
          override: file.spec,
        }) as LivenessSpec;
        const session = new TimedSession(await runtime.createSession(file.bytes));
        const input = session.inputs[0];
        const output = session.outputs[0];
        const [, channels, height, width] = input?.shape ?? [];
        if (!input || !output || channels !== 3 || typeof height !== 'number' || typeof width !== 'number') {
          await session.release();
          throw new Error(
            `${file.source}: expected a [1,3,H,W] input, got ${JSON.stringify(session.inputs)}`,
          );
        }
        models.push({
          spec,
          session,
          inputName: input.name,
          outputName: output.name,
          inputWidth: width,
          inputHeight: height,
        });
      }
    } catch (error) {
      await Promise.all(models.map((m) => m.session.release()));
      throw error;
    }
    return new PassiveLiveness(models, options);
  }

  /** Model names, e.g. `['minifasnet-v2-2.7', 'minifasnet-v1se-4.0']`. */
  get modelNames(): string[] {
    return this.models.map((m) => m.spec.name);
  }

  /** Averaged P(real) for the face with this detector box (`[x1, y1, x2, y2]`, frame coordinates). */
  async score(frame: RgbImage, box: readonly [number, number, number, number]): Promise<number> {
    const faceBox = livenessBoxFromDetection(frame, box);
    let sum = 0;
    for (const model of this.models) {
      const crop = livenessCropBox(frame, faceBox, model.spec.cropScale);
      const tensor = cropResizeTensor(frame, crop, model.inputWidth, model.inputHeight, model.spec.pixels);
      const outputs = await model.session.run({ [model.inputName]: tensor });
      const logits = outputs[model.outputName]?.data;
      if (!logits || logits.length <= model.spec.realClass) {
        throw new Error(`${model.spec.name}: unexpected output`);
      }
      sum += softmax(logits)[model.spec.realClass] as number;
    }
    return sum / this.models.length;
  }

  /** Scores the face and decides: `too_small` below the minimum face width, else `real` or `spoof`. */
  async check(
    frame: RgbImage,
    face: { box: readonly [number, number, number, number] },
  ): Promise<LivenessResult> {
    const score = await this.score(frame, face.box);
    return this.decide(score, face.box[2] - face.box[0]);
  }

  /** The decision for a score and a face width (pixels). */
  decide(score: number, faceWidth: number): LivenessResult {
    if (faceWidth < this.minFaceSize) return { score, decision: 'too_small', reason: 'come_closer' };
    return score >= this.threshold
      ? { score, decision: 'real' }
      : { score, decision: 'spoof', reason: 'spoof_suspected' };
  }

  /** Total time inside ONNX Runtime since the last reset, over both models. */
  runTiming(): { runs: number; ms: number } {
    return this.models.reduce(
      (acc, m) => ({ runs: acc.runs + m.session.timing.runs, ms: acc.ms + m.session.timing.ms }),
      { runs: 0, ms: 0 },
    );
  }

  async dispose(): Promise<void> {
    await Promise.all(this.models.map((m) => m.session.release()));
  }
}

function softmax(logits: Float32Array): Float64Array {
  const max = Math.max(...logits);
  const exps = Float64Array.from(logits, (v) => Math.exp(v - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((v) => v / total);
}
