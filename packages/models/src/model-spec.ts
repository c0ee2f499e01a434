import type { PixelNormalization } from './pixel-normalization.js';

export type DetectorType = 'scrfd' | 'yunet';
/** Alignment templates: InsightFace ArcFace 112×112, Intel Open Model Zoo 128×128. */
export type AlignmentTemplateName = 'arcface-112' | 'intel-128';

export interface DetectorSpec {
  kind: 'detector';
  /** Short human name, e.g. `scrfd-500m`. */
  name: string;
  type: DetectorType;
  pixels: PixelNormalization;
  licence: string;
}

export interface RecognizerSpec {
  kind: 'recognizer';
  /** Short name used in the model id, e.g. `faceplugin-512`. */
  name: string;
  pixels: PixelNormalization;
  template: AlignmentTemplateName;
  /** Embedding dimension; checked against the model's output shape at load time when it is static. */
  dim: number;
  /** Cosine-similarity threshold for "same person" (see the package README for how each was chosen). */
  defaultThreshold: number;
  /** Embed each face and its mirror image and sum them (more robust, twice the model time). */
  flipAugment?: boolean;
  /**
   * False when `defaultThreshold` is the publisher's figure, not one measured here on labelled photos
   * (shown as "uncalibrated" by `attendance models list`). Default true.
   */
  calibrated?: boolean;
  /**
   * sha256 of another known file whose embeddings this file reproduces (a conversion of the same weights):
   * the model id is taken from that file, so templates enrolled with either match the other.
   */
  embeddingsOf?: string;
  licence: string;
}

/** A passive anti-spoofing (liveness) classifier run on a wide crop around the face (MiniFASNet). */
export interface LivenessSpec {
  kind: 'liveness';
  name: string;
  /** Crop size relative to the detector box (the MiniFASNet crop rule; 2.7 or 4.0). */
  cropScale: number;
  pixels: PixelNormalization;
  /** Index of the "real face" class in the model's logits. */
  realClass: number;
  licence: string;
}

export type ModelSpec = DetectorSpec | RecognizerSpec | LivenessSpec;

/** Stable id stored with every embedding: `<name>@<first 8 hex of the file's sha256>`. */
export function modelIdOf(name: string, sha256: string): string {
  return `${name}@${sha256.slice(0, 8)}`;
}

/** The model id of a recognizer file: its own, or that of the file whose embeddings it reproduces. */
export function recognizerModelId(spec: RecognizerSpec, sha256: string): string {
  return modelIdOf(spec.name, spec.embeddingsOf ?? sha256);
}
