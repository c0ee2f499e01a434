import type { Person } from '@attendance/protocol';
import type { ApiClient } from '../shared/api-client.js';
import { el } from '../shared/dom.js';
import { embedPhotos, modelStatusLine } from './photo-embedding.js';

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
  let modelsUnavailable = false;
  const models = modelStatusLine(() => {
    modelsUnavailable = true;
    submit.disabled = true;
  });
  const form = el(
    'form',
    { method: 'dialog' },
    el('h2', {}, `Enroll ${person.name}`),
    el('p', { class: 'muted' }, 'Photos are analysed on this computer; only face embeddings are uploaded.'),
    models,
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
        error.textContent = failure instanceof Error ? failure.message : String(failure);
      })
      .finally(() => {
        submit.disabled = modelsUnavailable;
      });
  };

  async function enroll(photos: File[]): Promise<number> {
    const templates = await embedPhotos(photos, note);
    const result = await api.post<{ items: unknown[] }>(`/v1/people/${person.id}/templates`, templates);
    note(`Enrolled ${result.items.length} face(s).`, true);
    return result.items.length;
  }

  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
}
