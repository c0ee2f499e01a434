import type { Person } from '@attendance/protocol';
import { t } from '../i18n/i18n.js';
import { ApiError, type ApiClient } from '../shared/api-client.js';
import { el } from '../shared/dom.js';
import { embedPhotos, modelStatusLine, type PhotoTemplates } from './photo-embedding.js';

/**
 * Add (person = null) or edit a person's name, external id and role. A new person may come with photos:
 * their faces are embedded in the browser first and the person is created with them in one request, so a
 * failed enrollment never leaves a person without a face.
 */
export function openPersonDialog(
  api: ApiClient,
  person: Person | null,
  onSaved: (person: Person) => void,
): void {
  const field = (
    label: string,
    name: string,
    value: string,
    attributes: Record<string, string | number | boolean> = {},
  ) => el('label', {}, label, el('input', { name, value, ...attributes }));
  const error = el('p', { class: 'error', role: 'alert' });
  const log = el('ol', { class: 'feed small', 'aria-live': 'polite' });
  const submit = el('button', { type: 'submit', class: 'primary' }, t('common.save'));
  const photos = el('input', { type: 'file', name: 'photos', accept: 'image/*', multiple: true });
  const photoFields = person
    ? []
    : [
        modelStatusLine(() => {
          photos.disabled = true;
        }),
        el('label', {}, t('personDialog.photos'), photos),
        log,
      ];
  const form = el(
    'form',
    { method: 'dialog' },
    el('h2', {}, person ? t('personDialog.edit', { name: person.name }) : t('personDialog.add')),
    field(t('personDialog.name'), 'name', person?.name ?? '', { required: true, maxlength: 100 }),
    field(t('personDialog.externalId'), 'external_id', person?.external_id ?? '', { maxlength: 64 }),
    field(t('personDialog.role'), 'role', person?.role ?? 'employee', { required: true, maxlength: 32 }),
    ...photoFields,
    error,
    el(
      'div',
      { class: 'toolbar' },
      submit,
      el('button', { type: 'button', value: 'cancel', onclick: () => dialog.close() }, t('common.cancel')),
    ),
  );
  const dialog = el('dialog', {}, form);
  const note = (text: string, ok: boolean) => log.append(el('li', { class: ok ? 'fresh' : '' }, text));

  async function save(body: { name: string; external_id: string | null; role: string }): Promise<Person> {
    if (person) return api.updatePerson(person.id, body);
    const chosen = [...(photos.files ?? [])];
    let templates: PhotoTemplates | undefined;
    if (chosen.length > 0) {
      log.replaceChildren();
      templates = await embedPhotos(chosen, note);
    }
    return api.createPerson(templates ? { ...body, templates } : body);
  }

  form.onsubmit = (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const text = (name: string) => {
      const value = data.get(name);
      return typeof value === 'string' ? value.trim() : '';
    };
    error.textContent = '';
    submit.disabled = true;
    save({ name: text('name'), external_id: text('external_id') || null, role: text('role') })
      .then(
        (saved) => {
          dialog.close();
          onSaved(saved);
        },
        (failure: unknown) => {
          error.textContent =
            failure instanceof ApiError || failure instanceof Error
              ? failure.message
              : t('personDialog.saveFailed');
        },
      )
      .finally(() => {
        submit.disabled = false;
      });
  };
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
}
