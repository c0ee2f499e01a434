/**
 * `@attendance/vision` core: what an app needs to work with faces, runtime-agnostic (no Node APIs). Load a
 * pipeline or the liveness models through `@attendance/vision/node` or `@attendance/vision/web`; the image
 * processing behind the pipeline (letterbox, anchor scan, alignment, its WebAssembly kernels) is internal.
 * @module
 */
export type * from './types.js';
export { FacePipeline, type PipelineTimings } from './face-pipeline.js';
export type { FaceDetector } from './detect/face-detector.js';
export type { FaceRecognizer } from './recognize/face-recognizer.js';
export type { RunTiming } from './runtime/timed-session.js';
export {
  describeTuning,
  GRAPH_OPTIMIZATION_LEVELS,
  type CandidateTiming,
  type GraphOptimizationLevel,
  type SessionSettings,
  type TunedSettings,
} from './runtime/session-tuning.js';
export { DEFAULT_QUALITY_THRESHOLDS } from './quality/quality-check.js';
export { describeQualityFailure } from './quality/quality-text.js';
export { STILL_PHOTO_DEFAULTS, type StillPhotoOptions } from './photo/still-photo.js';
export {
  chooseEnrollmentFace,
  type EnrollmentFaceChoice,
  type EnrollmentRefusal,
} from './photo/enrollment-face.js';
export { KNOWN_MODELS, insightfaceRecognizer } from '@attendance/models';
export { sha256Hex } from '@attendance/models';
export { specFromManifest } from '@attendance/models';
export {
  modelIdOf,
  recognizerModelId,
  type DetectorSpec,
  type DetectorType,
  type LivenessSpec,
  type ModelSpec,
  type RecognizerSpec,
} from '@attendance/models';
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
} from '@attendance/models';
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
