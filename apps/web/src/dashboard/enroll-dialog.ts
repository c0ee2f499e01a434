import type { Person } from '@attendance/protocol';
import { t } from '../i18n/i18n.js';
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
  const submit = el('button', { type: 'submit', class: 'primary' }, t('enroll.submit'));
  let modelsUnavailable = false;
  const models = modelStatusLine(() => {
    modelsUnavailable = true;
    submit.disabled = true;
  });
  const form = el(
    'form',
    { method: 'dialog' },
    el('h2', {}, t('enroll.title', { name: person.name })),
    el('p', { class: 'muted' }, t('enroll.intro')),
    models,
    el('label', {}, t('enroll.photos'), files),
    log,
    error,
    el(
      'div',
      { class: 'toolbar' },
      submit,
      el('button', { type: 'button', onclick: () => dialog.close() }, t('enroll.close')),
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
    const result = await api.addTemplates(person.id, templates);
    note(t('enroll.enrolled', { count: result.items.length }), true);
    return result.items.length;
  }

  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
}
