import { encodeEmbedding } from '@attendance/protocol';
import { chooseEnrollmentFace } from '@attendance/vision';
import { browserPipeline, fileToRgbImage } from '../shared/browser-pipeline.js';
import { t } from '../i18n/i18n.js';
import { el } from '../shared/dom.js';

/** Embeddings of uploaded photos, ready for `templates` of `POST /v1/people` or `/templates`. */
export interface PhotoTemplates {
  model: string;
  embeddings: ReturnType<typeof encodeEmbedding>[];
}

/**
 * Decodes and embeds each photo here, in the browser (the photo never leaves it), noting per photo whether
 * its face is usable and why not. Throws when no photo has a usable face: nothing is sent then.
 */
export async function embedPhotos(
  photos: readonly File[],
  note: (text: string, ok: boolean) => void,
): Promise<PhotoTemplates> {
  const pipeline = await browserPipeline();
  const embeddings: PhotoTemplates['embeddings'] = [];
  for (const photo of photos) {
    // Still photos: padded and detected at their own size too, so tight badge crops enroll.
    const faces = await pipeline.analyzePhoto(await fileToRgbImage(photo), { embed: 'passing' });
    const choice = chooseEnrollmentFace(faces);
    // The reason comes from the vision package (English); the file name is the user's own.
    if ('reason' in choice) note(t('enroll.faceRefused', { file: photo.name, reason: choice.reason }), false);
    else {
      embeddings.push(encodeEmbedding(choice.embedding, 'float32'));
      note(t('enroll.faceReady', { file: photo.name }), true);
    }
  }
  if (embeddings.length === 0) throw new Error(t('enroll.noUsableFace'));
  return { model: pipeline.modelId, embeddings };
}

/**
 * A line that loads the face models as soon as a dialog opens and says how that went: an error naming
 * the missing files and the fix appears within seconds (the server reports them before any download),
 * and `onUnavailable` lets the dialog disable what needs the models.
 */
export function modelStatusLine(onUnavailable: () => void): HTMLElement {
  const line = el('p', { class: 'muted model-status', 'data-state': 'loading' }, t('enroll.modelsLoading'));
  browserPipeline().then(
    (pipeline) => {
      line.dataset['state'] = 'ready';
      line.textContent = t('enroll.modelsReady', { model: pipeline.modelId });
    },
    (failure: unknown) => {
      line.dataset['state'] = 'error';
      line.className = 'error model-status';
      line.setAttribute('role', 'alert');
      line.textContent = t('enroll.modelsUnavailable', {
        reason: failure instanceof Error ? failure.message : String(failure),
      });
      onUnavailable();
    },
  );
  return line;
}
