import type { AnalyzedFace, FacePipeline } from '@attendance/vision';
import { decodeImageFile } from '@attendance/vision/node';
import { explainQualityFailure } from '../config/quality-settings.js';

/** Why a photo gave no template: a quality reason code, or one of the photo-level causes. */
export type RefusalKind =
  AnalyzedFace['quality']['reasons'][number] | 'no_face' | 'several_faces' | 'unreadable';

export interface RefusedPhoto {
  readonly file: string;
  readonly kind: RefusalKind;
  /** The failed check with its measured value and limit, in words. */
  readonly reason: string;
}

export interface PhotoEmbeddings {
  readonly embeddings: Float32Array[];
  readonly refused: RefusedPhoto[];
  /** Photos not looked at because enough templates were taken already. */
  readonly unused: number;
}

/**
 * One template per photo: the single face that passes the quality checks. With several passing faces
 * the largest is used when it clearly dominates (a bystander in the background), otherwise the photo
 * is refused as ambiguous. Photos are taken in order until `maxTemplates` have passed (null: all).
 */
export async function embedPhotos(
  pipeline: FacePipeline,
  files: readonly string[],
  maxTemplates: number | null = null,
): Promise<PhotoEmbeddings> {
  const embeddings: Float32Array[] = [];
  const refused: RefusedPhoto[] = [];
  let tried = 0;
  for (const file of files) {
    if (maxTemplates !== null && embeddings.length >= maxTemplates) break;
    tried++;
    let faces: AnalyzedFace[];
    try {
      faces = await pipeline.analyzePhoto(await decodeImageFile(file), { embed: 'passing' });
    } catch (error) {
      refused.push({ file, kind: 'unreadable', reason: `unreadable (${(error as Error).message})` });
      continue;
    }
    const choice = chooseEnrollmentFace(faces);
    if ('reason' in choice) refused.push({ file, ...choice });
    else embeddings.push(choice.embedding);
  }
  return { embeddings, refused, unused: files.length - tried };
}

/** Picks the face to enroll from one photo, or says why none qualifies. */
export function chooseEnrollmentFace(
  faces: readonly AnalyzedFace[],
): { embedding: Float32Array } | { kind: RefusalKind; reason: string } {
  if (faces.length === 0) return { kind: 'no_face', reason: 'no face found' };
  const passing = faces
    .filter((face) => face.quality.ok && face.embedding !== null)
    .sort((a, b) => width(b) - width(a));
  const [largest, second] = passing;
  if (largest?.embedding == null) {
    // The photo's subject is its largest face: its failures explain the refusal, not a bystander's.
    const subject = [...faces].sort((a, b) => width(b) - width(a))[0] as AnalyzedFace;
    const [first] = subject.quality.failures;
    return {
      kind: first?.reason ?? 'no_face',
      reason: subject.quality.failures.map(explainQualityFailure).join('; ') || 'face not usable',
    };
  }
  if (second !== undefined && width(second) * 1.5 > width(largest)) {
    return {
      kind: 'several_faces',
      reason:
        `${passing.length} faces of similar size (${Math.round(width(largest))} and ` +
        `${Math.round(width(second))} px wide); use a photo of one person`,
    };
  }
  return { embedding: largest.embedding };
}

const width = (face: AnalyzedFace) => face.box[2] - face.box[0];
