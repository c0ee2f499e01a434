import { l2Normalize } from '@attendance/protocol';
import { ALIGNMENT_TEMPLATES } from '../align/alignment-templates.js';
import { estimateSimilarity } from '../align/similarity-transform.js';
import { warpAffine } from '../align/warp-affine.js';
import { toChwBatch } from '../image/chw-tensor.js';
import type { RecognizerSpec } from '@attendance/models';
import type { InferenceRuntime, ModelSource } from '../runtime/inference-runtime.js';
import { TimedSession } from '../runtime/timed-session.js';
import type { Point, RgbImage } from '../types.js';

/** Largest batch sent to a dynamic-batch model in one run (bounds memory on crowded frames). */
const MAX_DYNAMIC_BATCH = 16;

/** Aligns faces to a recognizer's template and turns them into L2-normalised embeddings. */
export class FaceRecognizer {
  private constructor(
    readonly spec: RecognizerSpec,
    readonly session: TimedSession,
    /** Aligned face side in pixels (the model's input H = W). */
    readonly inputSize: number,
    /** Embedding dimension, read from the model's output shape. */
    readonly dim: number,
    /** Faces per run: 1 for fixed-batch exports. */
    readonly maxBatch: number,
    private readonly templatePoints: readonly Point[],
  ) {}

  static async load(
    runtime: InferenceRuntime,
    model: ModelSource,
    spec: RecognizerSpec,
  ): Promise<FaceRecognizer> {
    const session = new TimedSession(await runtime.createSession(model));
    try {
      const input = session.inputs[0];
      const output = session.outputs[0];
      const [batch, channels, height, width] = input?.shape ?? [];
      if (!input || !output || channels !== 3 || typeof height !== 'number' || height !== width) {
        throw new Error(`expected an [N,3,S,S] input, got ${JSON.stringify(session.inputs)}`);
      }
      const outputDims = output.shape.slice(1);
      const dim = outputDims.every((d) => typeof d === 'number')
        ? outputDims.reduce<number>((product, d) => product * d, 1)
        : spec.dim;
      if (dim !== spec.dim) throw new Error(`output has ${dim} values, the model spec says ${spec.dim}`);
      const template = ALIGNMENT_TEMPLATES[spec.template];
      const factor = height / template.size;
      const points = template.points.map(([x, y]) => [x * factor, y * factor] as const);
      const maxBatch = typeof batch === 'number' ? batch : MAX_DYNAMIC_BATCH;
      return new FaceRecognizer(spec, session, height, dim, maxBatch, points);
    } catch (error) {
      await session.release();
      throw new Error(`${spec.name}: ${(error as Error).message}`, { cause: error });
    }
  }

  /** Warps the face given by its 5 landmarks (frame coordinates) to the template: `inputSize²` RGB. */
  align(image: RgbImage, landmarks: readonly Point[]): RgbImage {
    const transform = estimateSimilarity(landmarks, this.templatePoints);
    return warpAffine(image, transform, this.inputSize, this.inputSize);
  }

  /**
   * Embeds aligned faces in batches as large as the model allows.
   * @returns one `Float32Array(dim)` per face, L2-normalised.
   */
  async embed(alignedFaces: readonly RgbImage[]): Promise<Float32Array[]> {
    const inputName = this.session.inputs[0]?.name ?? 'input';
    const outputName = this.session.outputs[0]?.name ?? 'output';
    const flip = this.spec.flipAugment === true;
    // With flip augmentation each face is embedded as itself and mirrored (packed flipped), and the two summed.
    const inputs = flip ? alignedFaces.flatMap((face) => [face, face]) : alignedFaces;
    const mirrored = inputs.map((_, i) => flip && i % 2 === 1);
    const raw: Float32Array[] = [];
    for (let start = 0; start < inputs.length; start += this.maxBatch) {
      const batch = inputs.slice(start, start + this.maxBatch);
      const tensor = toChwBatch(batch, this.spec.pixels, mirrored.slice(start, start + this.maxBatch));
      const outputs = await this.session.run({ [inputName]: tensor });
      const data = outputs[outputName]?.data;
      if (!data || data.length !== batch.length * this.dim) {
        throw new Error(`${this.spec.name}: unexpected output size`);
      }
      for (let i = 0; i < batch.length; i++) raw.push(data.slice(i * this.dim, (i + 1) * this.dim));
    }
    if (!flip) return raw.map((e) => l2Normalize(e));
    return alignedFaces.map((_, i) => {
      const sum = raw[2 * i] as Float32Array;
      const mirrored = raw[2 * i + 1] as Float32Array;
      for (let k = 0; k < sum.length; k++) sum[k] = (sum[k] as number) + (mirrored[k] as number);
      return l2Normalize(sum);
    });
  }

  dispose(): Promise<void> {
    return this.session.release();
  }
}
