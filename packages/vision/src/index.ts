/**
 * `@attendance/vision` core: detect → align → quality → embed, runtime-agnostic (no Node APIs).
 * Load a pipeline through `@attendance/vision/node` or `@attendance/vision/web`.
 * @module
 */
export type * from './types.js';
export { FacePipeline, type FacePipelineParts, type PipelineTimings } from './face-pipeline.js';
export { createPipeline, type CreatePipelineOptions, type ModelBytes } from './create-pipeline.js';
export type {
  InferenceRuntime,
  ModelSession,
  ModelSource,
  TensorF32,
  ValueInfo,
} from './runtime/inference-runtime.js';
export type { RunTiming } from './runtime/timed-session.js';
export { FaceDetector, type DetectorOptions } from './detect/face-detector.js';
export { FaceRecognizer } from './recognize/face-recognizer.js';
export { DEFAULT_QUALITY_THRESHOLDS, assessQuality } from './quality/quality-check.js';
export { estimateHeadPose } from './quality/head-pose.js';
export { laplacianVariance, meanBrightness } from './quality/image-statistics.js';
export { estimateSimilarity, type Affine2x3 } from './align/similarity-transform.js';
export { warpAffine, warpAffineReference } from './align/warp-affine.js';
export { ALIGNMENT_TEMPLATES } from './align/alignment-templates.js';
export type { PixelNormalization } from './image/pixel-normalization.js';
export { KNOWN_MODELS, insightfaceRecognizer } from './models/known-models.js';
export { sha256Hex, resolveModelSpec } from './models/model-catalog.js';
export {
  ModelManifestSchema,
  specFromManifest,
  detectorSpecForType,
  type ModelManifest,
} from './models/model-manifest.js';
export {
  modelIdOf,
  recognizerModelId,
  type DetectorSpec,
  type DetectorType,
  type LivenessSpec,
  type ModelSpec,
  type RecognizerSpec,
} from './models/model-spec.js';
export {
  BUILTIN_PACKS,
  DEFAULT_LIVENESS_MODELS,
  DEFAULT_PACK,
  isBuiltinPack,
  packOfModelId,
  type BuiltinPackName,
  type LocalPack,
  type ModelPack,
  type RemotePack,
  type ManualSource,
  type OpenVinoIrSource,
  type PackFileSource,
  type UrlSource,
} from './models/model-packs.js';
export {
  createLetterboxInput,
  letterbox,
  letterboxReference,
  type LetterboxInput,
  type LetterboxResult,
} from './image/letterbox.js';
export { kernelBackend, type KernelBackend } from './wasm/kernels.js';
export { toChwBatch } from './image/chw-tensor.js';
export { livenessCropBox, livenessBoxFromDetection, type PixelBox } from './liveness/crop-rule.js';
export {
  DEFAULT_HEAD_TURN,
  HeadTurnChallenge,
  randomTurnDirection,
  type HeadTurnChallengeOptions,
  type HeadTurnFailure,
  type HeadTurnFrame,
  type HeadTurnState,
  type HeadTurnStatus,
  type TurnDirection,
} from './liveness/head-turn-challenge.js';
export {
  DEFAULT_LIVENESS_THRESHOLD,
  DEFAULT_MIN_LIVENESS_FACE,
  PassiveLiveness,
  type LivenessDecision,
  type LivenessReason,
  type LivenessResult,
  type PassiveLivenessOptions,
} from './liveness/passive-liveness.js';
export {
  LivenessTrackAverager,
  type TrackLiveness,
  type TrackLivenessOptions,
} from './liveness/track-averager.js';
export { cropResizeTensor, type PixelRegion } from './image/crop-resize.js';
