import type { FaceDetector } from './detect/face-detector.js';
import { mergeDetections } from './detect/merge-detections.js';
import { refineLandmarks } from './photo/refine-landmarks.js';
import { prepareStillPhoto, STILL_PHOTO_DEFAULTS, type StillPhotoOptions } from './photo/still-photo.js';
import { assessQuality, DEFAULT_QUALITY_THRESHOLDS, type ContentRegion } from './quality/quality-check.js';
import { laplacianVariance, regionBrightness, type PixelRect } from './quality/image-statistics.js';
import type { FaceRecognizer } from './recognize/face-recognizer.js';
import type { TunedSettings } from './runtime/session-tuning.js';
import type { RunTiming } from './runtime/timed-session.js';
import type {
  AnalyzedFace,
  DetectedFace,
  EmbedSelection,
  Point,
  QualityThresholds,
  RgbImage,
} from './types.js';
import { ALIGNMENT_TEMPLATES } from './align/alignment-templates.js';
import { estimateSimilarity } from './align/similarity-transform.js';
import { warpAffine } from './align/warp-affine.js';

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
   * Detects faces in a camera frame, checks each one's quality and embeds them (`embed`: `'passing'`
   * faces only — the default —, `'all'`, or `'none'`).
   */
  async analyze(image: RgbImage, options: { embed?: EmbedSelection } = {}): Promise<AnalyzedFace[]> {
    const faces = await this.detect(image);
    const whole = { x: 0, y: 0, width: image.width, height: image.height };
    return this.assess(image, faces, options.embed ?? 'passing', whole, false);
  }

  /**
   * {@link analyze} for a still photo (enrollment): the photo is padded, so a face cropped tight (a badge
   * or HR photo) is found and only needs its landmarks inside the photo, and detected at its own size
   * rather than the live input size (recall over speed). Faces are in the photo's coordinates.
   */
  async analyzePhoto(
    image: RgbImage,
    options: { embed?: EmbedSelection; still?: StillPhotoOptions } = {},
  ): Promise<AnalyzedFace[]> {
    const photo = prepareStillPhoto(image, options.still);
    const runs: DetectedFace[][] = [];
    for (const size of photo.detectionSizes) runs.push(await this.detector.detectAtSize(photo.image, size));
    const merged = mergeDetections(runs, this.detector.nmsThreshold);
    const refinement = (options.still ?? STILL_PHOTO_DEFAULTS).refine;
    const faces = [];
    for (const face of merged) {
      faces.push(refinement ? await refineLandmarks(this.detector, photo.image, face, refinement) : face);
    }
    const analyzed = await this.assess(photo.image, faces, options.embed ?? 'passing', photo.content, true);
    return analyzed.map((face) => photo.toOriginal(face));
  }

  /**
   * The face as blur is measured: the ArcFace 112×112 alignment, whatever the recognizer's own (a larger
   * template upsamples the same face more and would read as blurrier), so one limit suits every model.
   */
  private qualityCrop(image: RgbImage, face: DetectedFace, aligned: RgbImage): RgbImage {
    const { spec, inputSize } = this.recognizer;
    if (spec.template === 'arcface-112' && inputSize === QUALITY_TEMPLATE.size) return aligned;
    const transform = estimateSimilarity(face.landmarks, QUALITY_TEMPLATE.points);
    return warpAffine(image, transform, QUALITY_TEMPLATE.size, QUALITY_TEMPLATE.size);
  }

  private async assess(
    image: RgbImage,
    faces: readonly DetectedFace[],
    selection: EmbedSelection,
    content: ContentRegion,
    allowTightCrop: boolean,
  ): Promise<AnalyzedFace[]> {
    if (faces.length === 0) return [];
    const aligned = this.alignFaces(image, faces);
    const analyzed: AnalyzedFace[] = faces.map((face, i) => ({
      ...face,
      quality: assessQuality(
        {
          face,
          content,
          allowTightCrop,
          brightness: regionBrightness(image, clipRect(innerFace(face.landmarks), content)),
          blur: laplacianVariance(this.qualityCrop(image, face, aligned[i] as RgbImage)),
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

const QUALITY_TEMPLATE = ALIGNMENT_TEMPLATES['arcface-112'];

/**
 * The inner face: the landmarks' bounding box (eyes to mouth corners) grown by a tenth on each side —
 * skin, not the hair or background a detection box also holds — whose brightness says if the face is lit.
 */
function innerFace(landmarks: readonly Point[]): PixelRect {
  const xs = landmarks.map(([x]) => x);
  const ys = landmarks.map(([, y]) => y);
  const [x1, x2, y1, y2] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const growX = 0.1 * (x2 - x1);
  const growY = 0.1 * (y2 - y1);
  return [x1 - growX, y1 - growY, x2 + growX, y2 + growY];
}

/** A rectangle cut to the picture (a padded still's border is not part of the face's brightness). */
function clipRect(box: PixelRect, content: ContentRegion): PixelRect {
  return [
    Math.max(box[0], content.x),
    Math.max(box[1], content.y),
    Math.min(box[2], content.x + content.width),
    Math.min(box[3], content.y + content.height),
  ];
}
