import { describeQualityFailure } from '../quality/quality-text.js';
import type { AnalyzedFace, QualityFailure } from '../types.js';

/** Why a photo gives no face to enroll: a quality reason code, no face at all, or several alike. */
export type EnrollmentRefusal = QualityFailure['reason'] | 'no_face' | 'several_faces';

export type EnrollmentFaceChoice =
  { face: AnalyzedFace; embedding: Float32Array } | { kind: EnrollmentRefusal; reason: string };

/** A bystander is ignored when the subject's face is this many times wider; closer sizes are ambiguous. */
const DOMINANT_WIDTH_RATIO = 1.5;

const width = (face: AnalyzedFace) => face.box[2] - face.box[0];

/**
 * The rule for choosing the face to enroll from one photo (edge CLI and dashboard alike): the single face
 * that passes the quality checks and has an embedding; with several, the largest when it is clearly
 * larger than the next (a bystander in the background), otherwise the photo is refused as ambiguous. A
 * refusal names the subject's (the largest face's) failed checks, worded by `explain`.
 */
export function chooseEnrollmentFace(
  faces: readonly AnalyzedFace[],
  explain: (failure: QualityFailure) => string = describeQualityFailure,
): EnrollmentFaceChoice {
  if (faces.length === 0) return { kind: 'no_face', reason: 'no face found' };
  const passing = faces
    .filter((face) => face.quality.ok && face.embedding !== null)
    .sort((a, b) => width(b) - width(a));
  const [largest, second] = passing;
  if (largest?.embedding == null) {
    const subject = [...faces].sort((a, b) => width(b) - width(a))[0] as AnalyzedFace;
    const [first] = subject.quality.failures;
    return {
      kind: first?.reason ?? 'no_face',
      reason: subject.quality.failures.map(explain).join('; ') || 'face not usable',
    };
  }
  if (second !== undefined && width(second) * DOMINANT_WIDTH_RATIO > width(largest)) {
    return {
      kind: 'several_faces',
      reason:
        `${passing.length} faces of similar size (${Math.round(width(largest))} and ` +
        `${Math.round(width(second))} px wide); use a photo of one person`,
    };
  }
  return { face: largest, embedding: largest.embedding };
}
