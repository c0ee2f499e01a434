import type { AnalyzedFace, FacePipeline } from '@attendance/vision';
import { decodeImageFile } from '@attendance/vision/node';
import { qualityText } from '../camera/face-label.js';

export interface PhotoEmbeddings {
  readonly embeddings: Float32Array[];
  /** Photos that gave no template, with the reason (`no face`, `TOO SMALL`, `2 faces`, unreadable). */
  readonly refused: { readonly file: string; readonly reason: string }[];
}

/**
 * One template per photo: the single face that passes the quality checks. With several passing faces
 * the largest is used when it clearly dominates (a bystander in the background), otherwise the photo
 * is refused as ambiguous.
 */
export async function embedPhotos(
  pipeline: FacePipeline,
  files: readonly string[],
): Promise<PhotoEmbeddings> {
  const embeddings: Float32Array[] = [];
  const refused: { file: string; reason: string }[] = [];
  for (const file of files) {
    let faces: AnalyzedFace[];
    try {
      faces = await pipeline.analyze(await decodeImageFile(file), { embed: 'passing' });
    } catch (error) {
      refused.push({ file, reason: `unreadable (${(error as Error).message})` });
      continue;
    }
    const choice = chooseEnrollmentFace(faces);
    if ('reason' in choice) refused.push({ file, reason: choice.reason });
    else embeddings.push(choice.embedding);
  }
  return { embeddings, refused };
}

/** Picks the face to enroll from one image, or says why none qualifies. */
export function chooseEnrollmentFace(
  faces: readonly AnalyzedFace[],
): { embedding: Float32Array } | { reason: string } {
  if (faces.length === 0) return { reason: 'no face found' };
  const passing = faces
    .filter((face) => face.quality.ok && face.embedding !== null)
    .sort((a, b) => width(b) - width(a));
  const [largest, second] = passing;
  if (largest?.embedding == null) {
    const reasons = [...new Set(faces.flatMap((face) => face.quality.reasons))];
    return { reason: qualityText(reasons) || 'face not usable' };
  }
  if (second !== undefined && width(second) * 1.5 > width(largest)) {
    return { reason: `${passing.length} faces of similar size; use a photo of one person` };
  }
  return { embedding: largest.embedding };
}

const width = (face: AnalyzedFace) => face.box[2] - face.box[0];
