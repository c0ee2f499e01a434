import { encodeEmbedding, type Person } from '@attendance/protocol';
import type { AnalyzedFace } from '@attendance/vision';
import { ApiError, type ApiClient } from '../shared/api-client.js';
import { browserPipeline, fileToRgbImage, QUALITY_HINTS } from '../shared/browser-pipeline.js';
import { el } from '../shared/dom.js';

const largest = (faces: AnalyzedFace[]) =>
  faces.slice().sort((a, b) => b.box[2] - b.box[0] - (a.box[2] - a.box[0]))[0];

/**
 * Enroll faces from photos. Each photo is decoded and embedded here, in the browser, by the shared face
 * pipeline; only the embeddings are sent to the server, never the image.
 */
export function openEnrollDialog(api: ApiClient, person: Person, onEnrolled: (added: number) => void): void {
  const files = el('input', {
    type: 'file',
    name: 'photos',
    accept: 'image/*',
    multiple: true,
    required: true,
  });
  const log = el('ol', { class: 'feed small', 'aria-live': 'polite' });
  const error = el('p', { class: 'error', role: 'alert' });
  const submit = el('button', { type: 'submit', class: 'primary' }, 'Compute and enroll');
  const form = el(
    'form',
    { method: 'dialog' },
    el('h2', {}, `Enroll ${person.name}`),
    el('p', { class: 'muted' }, 'Photos are analysed on this computer; only face embeddings are uploaded.'),
    el('label', {}, 'Photos (one face each)', files),
    log,
    error,
    el(
      'div',
      { class: 'toolbar' },
      submit,
      el('button', { type: 'button', onclick: () => dialog.close() }, 'Close'),
    ),
  );
  const dialog = el('dialog', {}, form);
  const note = (text: string, ok: boolean) => log.append(el('li', { class: ok ? 'fresh' : '' }, text));

  form.onsubmit = (event) => {
    event.preventDefault();
    submit.disabled = true;
    error.textContent = '';
    log.replaceChildren();
    void enroll([...(files.files ?? [])])
      .then((added) => {
        if (added > 0) onEnrolled(added);
      })
      .catch((failure: unknown) => {
        error.textContent = failure instanceof ApiError ? failure.message : String(failure);
      })
      .finally(() => {
        submit.disabled = false;
      });
  };

  async function enroll(photos: File[]): Promise<number> {
    note('Loading face models…', true);
    const pipeline = await browserPipeline();
    const embeddings: Float32Array[] = [];
    for (const photo of photos) {
      const faces = await pipeline.analyze(await fileToRgbImage(photo), { embed: 'passing' });
      const face = largest(faces);
      if (!face) note(`${photo.name}: no face found`, false);
      else if (!face.embedding) {
        note(`${photo.name}: ${face.quality.reasons.map((r) => QUALITY_HINTS[r] ?? r).join(', ')}`, false);
      } else {
        embeddings.push(face.embedding);
        note(`${photo.name}: face ready`, true);
      }
    }
    if (embeddings.length === 0) throw new Error('No usable face in these photos.');
    const result = await api.post<{ items: unknown[] }>(`/v1/people/${person.id}/templates`, {
      model: pipeline.modelId,
      embeddings: embeddings.map((e) => encodeEmbedding(e, 'float32')),
    });
    note(`Enrolled ${result.items.length} face(s).`, true);
    return result.items.length;
  }

  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
}
