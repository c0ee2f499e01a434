import { createLetterboxInput, letterbox, type LetterboxInput } from '../image/letterbox.js';
import type { DetectorSpec } from '@attendance/models';
import type { InferenceRuntime, ModelSource, TensorF32 } from '../runtime/inference-runtime.js';
import { TimedSession } from '../runtime/timed-session.js';
import type { DetectedFace, RgbImage } from '../types.js';
import { candidateFace } from './face-candidates.js';
import { nonMaxSuppression } from './nms.js';
import { decodeScrfd } from './scrfd.decoder.js';
import { decodeYunet, type YunetLevel } from './yunet.decoder.js';

export interface DetectorOptions {
  /** Square input size for dynamic-shape models, rounded up to a multiple of 32 (default 640; 320 is faster). */
  detSize?: number;
  /** Minimum detector score (default 0.5 for SCRFD, InsightFace's; 0.6 for YuNet). */
  scoreThreshold?: number;
  /** NMS IoU threshold (default 0.4, InsightFace's). */
  nmsThreshold?: number;
}

const YUNET_STRIDES = [8, 16, 32] as const;

/** InsightFace's SCRFD default; YuNet scores run higher and give stray hits at 0.5 (opencv_zoo uses 0.9). */
const DEFAULT_SCORE_THRESHOLD: Readonly<Record<DetectorSpec['type'], number>> = { scrfd: 0.5, yunet: 0.6 };

/** Runs a face detector (SCRFD or YuNet) on whole frames and returns faces in frame coordinates. */
export class FaceDetector {
  private readonly input: LetterboxInput;
  private inputInUse = false;

  private constructor(
    readonly spec: DetectorSpec,
    readonly session: TimedSession,
    /** Model input size `[width, height]` (fixed by the export, or `detSize` for dynamic exports). */
    readonly inputSize: readonly [width: number, height: number],
    private readonly scoreThreshold: number,
    /** IoU above which two detections are one face. */
    readonly nmsThreshold: number,
    /** True when the export accepts any input size (a multiple of 32), not only `inputSize`. */
    readonly dynamicInput: boolean,
  ) {
    this.input = createLetterboxInput(inputSize[0], inputSize[1]);
  }

  static async load(
    runtime: InferenceRuntime,
    model: ModelSource,
    spec: DetectorSpec,
    options: DetectorOptions = {},
  ) {
    const detSize = Math.ceil((options.detSize ?? 640) / 32) * 32;
    const session = new TimedSession(await runtime.createSession(model, { dynamicSize: detSize }));
    const input = session.inputs[0];
    if (!input || input.shape.length !== 4) {
      await session.release();
      throw new Error(`${spec.name}: expected one [1,3,H,W] input, got ${JSON.stringify(session.inputs)}`);
    }
    const [, , h, w] = input.shape;
    const inputSize = [typeof w === 'number' ? w : detSize, typeof h === 'number' ? h : detSize] as const;
    const names = session.outputs.map((o) => o.name);
    const missing =
      spec.type === 'yunet'
        ? YUNET_STRIDES.flatMap((s) => [`cls_${s}`, `obj_${s}`, `bbox_${s}`, `kps_${s}`]).filter(
            (n) => !names.includes(n),
          )
        : names.length === 9 || names.length === 15
          ? []
          : ['9 or 15 outputs (scores, boxes, landmarks per stride)'];
    if (missing.length) {
      await session.release();
      throw new Error(`${spec.name}: not a ${spec.type} detector, missing ${missing.join(', ')}`);
    }
    return new FaceDetector(
      spec,
      session,
      inputSize,
      options.scoreThreshold ?? DEFAULT_SCORE_THRESHOLD[spec.type],
      options.nmsThreshold ?? 0.4,
      typeof w !== 'number' && typeof h !== 'number',
    );
  }

  /** Detects faces; sorted by score, best first. */
  async detect(image: RgbImage): Promise<DetectedFace[]> {
    const [inputWidth, inputHeight] = this.inputSize;
    // The detector's own input tensor, unless another detect() on this detector is still running with it.
    const ownInput = !this.inputInUse;
    this.inputInUse = true;
    let outputs: Record<string, TensorF32>;
    let scale: number;
    try {
      const letterboxed = ownInput
        ? this.input.write(image, this.spec.pixels)
        : letterbox(image, inputWidth, inputHeight, this.spec.pixels);
      scale = letterboxed.scale;
      const inputName = this.session.inputs[0]?.name ?? 'input';
      outputs = await this.session.run({ [inputName]: letterboxed.tensor });
    } finally {
      if (ownInput) this.inputInUse = false;
    }
    return this.decode(outputs, inputWidth, inputHeight, scale);
  }

  /**
   * Detects faces with a `size × size` model input instead of the live {@link inputSize} (dynamic exports;
   * a fixed export keeps its own size): still photos, where finding the face matters more than speed.
   */
  async detectAtSize(image: RgbImage, size: number): Promise<DetectedFace[]> {
    const side = Math.max(32, Math.ceil(size / 32) * 32);
    const [inputWidth, inputHeight] = this.dynamicInput ? [side, side] : this.inputSize;
    const letterboxed = letterbox(image, inputWidth, inputHeight, this.spec.pixels);
    const inputName = this.session.inputs[0]?.name ?? 'input';
    const outputs = await this.session.run({ [inputName]: letterboxed.tensor });
    return this.decode(outputs, inputWidth, inputHeight, letterboxed.scale);
  }

  private decode(
    outputs: Record<string, TensorF32>,
    inputWidth: number,
    inputHeight: number,
    scale: number,
  ): DetectedFace[] {
    const decodeOptions = { inputWidth, inputHeight, scoreThreshold: this.scoreThreshold };
    const raw =
      this.spec.type === 'yunet'
        ? decodeYunet(yunetLevels(outputs), decodeOptions)
        : decodeScrfd(
            this.session.outputs.map((o) => outputData(outputs, o.name)),
            decodeOptions,
          );
    return nonMaxSuppression(raw, this.nmsThreshold).map((i) => candidateFace(raw, i, scale));
  }

  dispose(): Promise<void> {
    return this.session.release();
  }
}

function outputData(outputs: Record<string, { data: Float32Array }>, name: string): Float32Array {
  const tensor = outputs[name];
  if (!tensor) throw new Error(`model output ${name} missing`);
  return tensor.data;
}

function yunetLevels(outputs: Record<string, { data: Float32Array }>): YunetLevel[] {
  return YUNET_STRIDES.map((stride) => ({
    stride,
    cls: outputData(outputs, `cls_${stride}`),
    obj: outputData(outputs, `obj_${stride}`),
    bbox: outputData(outputs, `bbox_${stride}`),
    kps: outputData(outputs, `kps_${stride}`),
  }));
}
