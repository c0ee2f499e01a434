/** An RGB frame, row-major HWC, 3 bytes per pixel (`data.length === width * height * 3`). */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** A point in image pixel coordinates. */
export type Point = readonly [x: number, y: number];

/** One detected face in frame coordinates (boxes may extend past the frame edges). */
export interface DetectedFace {
  box: [x1: number, y1: number, x2: number, y2: number];
  /** Detector confidence in [0, 1]. */
  score: number;
  /** 5 points: left eye, right eye (as seen in the image), nose tip, left mouth corner, right mouth corner. */
  landmarks: Point[];
}

/** Why a face is not good enough to embed; stable codes the UI can translate. */
export type QualityReason = 'too_dark' | 'too_small' | 'low_score' | 'blurry' | 'bad_pose' | 'out_of_frame';

/** One measurement behind a quality gate. */
export type QualityCheck = 'brightness' | 'face_width' | 'score' | 'blur' | 'yaw' | 'pitch' | 'edge_margin';

/** A failed gate: what was measured, its value and the limit it missed (a minimum; for yaw/pitch a maximum of the absolute value). */
export interface QualityFailure {
  reason: QualityReason;
  check: QualityCheck;
  value: number;
  limit: number;
}

export interface QualityReport {
  ok: boolean;
  /** The failed gates' reason codes, each once, in a stable order. */
  reasons: QualityReason[];
  /** Every failed check with its measured value and limit (`describeQualityFailure` words one). */
  failures: QualityFailure[];
  /** Mean gray level (BT.601, 0–255) of the face box, the part of it inside the picture. */
  brightness: number;
  /** Face box width in frame pixels. */
  faceWidth: number;
  score: number;
  /** Variance of the Laplacian of the aligned face's gray image; null when the face was not aligned. */
  blur: number | null;
  /** Horizontal nose offset from the eye midpoint, in eye distances (0 = frontal, ±0.5 ≈ strong turn). */
  yaw: number;
  /** Vertical nose position between eye line and mouth line, centred (0 ≈ frontal; + = looking down). */
  pitch: number;
}

export interface AnalyzedFace extends DetectedFace {
  quality: QualityReport;
  /** L2-normalised embedding (`Float32Array(dim)`), or null when it was not computed. */
  embedding: Float32Array | null;
}

export interface QualityThresholds {
  /** Minimum mean gray of the face box (the original measured the whole frame against 60). */
  minBrightness: number;
  /** Minimum face box width in pixels (original: 60). */
  minFaceWidth: number;
  /** Minimum detector score (original: 0.6). */
  minScore: number;
  /** Minimum variance of the Laplacian on the aligned face. */
  minBlur: number;
  /** Maximum |yaw| (see {@link QualityReport.yaw}). */
  maxYaw: number;
  /** Maximum |pitch| (see {@link QualityReport.pitch}). */
  maxPitch: number;
}

/** Which faces {@link FacePipeline.analyze} embeds. */
export type EmbedSelection = 'passing' | 'all' | 'none';
