import {
  chooseEnrollmentFace,
  type AnalyzedFace,
  type EnrollmentRefusal,
  type FacePipeline,
} from '@attendance/vision';
import { decodeImageFile } from '@attendance/vision/node';
import { explainQualityFailure } from '../config/quality-settings.js';

/** Why a photo gave no template: a quality reason code, or one of the photo-level causes. */
export type RefusalKind = EnrollmentRefusal | 'unreadable';

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
 * One template per photo, the face `chooseEnrollmentFace` picks. Photos are taken in order until
 * `maxTemplates` have passed (null: all).
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
    const choice = chooseEnrollmentFace(faces, explainQualityFailure);
    if ('reason' in choice) refused.push({ file, ...choice });
    else embeddings.push(choice.embedding);
  }
  return { embeddings, refused, unused: files.length - tried };
}
