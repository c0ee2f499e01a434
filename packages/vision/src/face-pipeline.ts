import type { FaceDetector } from './detect/face-detector.js';
import { assessQuality, DEFAULT_QUALITY_THRESHOLDS } from './quality/quality-check.js';
import { laplacianVariance, meanBrightness } from './quality/image-statistics.js';
import type { FaceRecognizer } from './recognize/face-recognizer.js';
import type { TunedSettings } from './runtime/session-tuning.js';
import type { RunTiming } from './runtime/timed-session.js';
import type { AnalyzedFace, DetectedFace, EmbedSelection, QualityThresholds, RgbImage } from './types.js';

export interface FacePipelineParts {
  detector: FaceDetector;
  recognizer: FaceRecognizer;
  /** Stable id of the recognizer, e.g. `faceplugin-512@87aacdfe`. */
  modelId: string;
  quality?: Partial<QualityThresholds>;
  /** Overrides the recognizer's calibrated threshold. */
  threshold?: number;
}

/** Time spent in ONNX Runtime's `session.run` per model since the last reset. */
export interface PipelineTimings {
  detector: RunTiming;
  recognizer: RunTiming;
}

/**
 * Detect → align → check quality → embed, on one frame at a time. Build it with `loadNodePipeline`
 * (`@attendance/vision/node`) or `loadWebPipeline` (`@attendance/vision/web`).
 * @example
 * const faces = await pipeline.analyze(frame); // embeddings only for faces that pass quality
 * for (const f of faces) if (f.embedding) send(pipeline.modelId, f.embedding);
 */
export class FacePipeline {
  /** Stable recognizer id, stored by the server with every embedding. */
  readonly modelId: string;
  /** Embedding dimension, read from the model. */
  readonly dim: number;
  /** Cosine similarity at or above which two embeddings are the same person (per model, see README). */
  readonly defaultThreshold: number;
  readonly quality: Readonly<QualityThresholds>;
  readonly detector: FaceDetector;
  readonly recognizer: FaceRecognizer;

  constructor(parts: FacePipelineParts) {
    this.detector = parts.detector;
    this.recognizer = parts.recognizer;
    this.modelId = parts.modelId;
    this.dim = parts.recognizer.dim;
    this.defaultThreshold = parts.threshold ?? parts.recognizer.spec.defaultThreshold;
    this.quality = { ...DEFAULT_QUALITY_THRESHOLDS, ...parts.quality };
  }

  /** Faces in frame coordinates, best score first. */
  detect(image: RgbImage): Promise<DetectedFace[]> {
    return this.detector.detect(image);
  }

  /** Aligned face crops (`inputSize²` RGB) as the recognizer sees them. */
  alignFaces(image: RgbImage, faces: readonly DetectedFace[]): RgbImage[] {
    return faces.map((face) => this.recognizer.align(image, face.landmarks));
  }

  /** Aligns and batch-embeds the given faces: one L2-normalised `Float32Array(dim)` per face. */
  embedFaces(image: RgbImage, faces: readonly DetectedFace[]): Promise<Float32Array[]> {
    if (faces.length === 0) return Promise.resolve([]);
    return this.recognizer.embed(this.alignFaces(image, faces));
  }

  /**
   * Detects faces, checks each one's quality and embeds them (`embed`: `'passing'` faces only — the
   * default —, `'all'`, or `'none'`).
   */
  async analyze(image: RgbImage, options: { embed?: EmbedSelection } = {}): Promise<AnalyzedFace[]> {
    const selection = options.embed ?? 'passing';
    const faces = await this.detect(image);
    if (faces.length === 0) return [];
    const brightness = meanBrightness(image, 4);
    const aligned = this.alignFaces(image, faces);
    const analyzed: AnalyzedFace[] = faces.map((face, i) => ({
      ...face,
      quality: assessQuality(
        {
          face,
          frameWidth: image.width,
          frameHeight: image.height,
          brightness,
          blur: laplacianVariance(aligned[i] as RgbImage),
        },
        this.quality,
      ),
      embedding: null,
    }));
    const chosen = analyzed.flatMap((face, i) =>
      selection === 'all' || (selection === 'passing' && face.quality.ok) ? [i] : [],
    );
    if (chosen.length) {
      const embeddings = await this.recognizer.embed(chosen.map((i) => aligned[i] as RgbImage));
      chosen.forEach(
        (faceIndex, k) => ((analyzed[faceIndex] as AnalyzedFace).embedding = embeddings[k] ?? null),
      );
    }
    return analyzed;
  }

  timings(): PipelineTimings {
    return {
      detector: { ...this.detector.session.timing },
      recognizer: { ...this.recognizer.session.timing },
    };
  }

  /** ONNX Runtime settings in use per model and how they were chosen (undefined: the runtime does not tune). */
  runtimeSettings(): { detector: TunedSettings | undefined; recognizer: TunedSettings | undefined } {
    return { detector: this.detector.session.tuning, recognizer: this.recognizer.session.tuning };
  }

  resetTimings(): void {
    this.detector.session.resetTiming();
    this.recognizer.session.resetTiming();
  }

  async dispose(): Promise<void> {
    await Promise.all([this.detector.dispose(), this.recognizer.dispose()]);
  }
}
