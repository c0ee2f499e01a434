import type { Person } from '@attendance/protocol';
import { ApiError, type ApiClient } from '../shared/api-client.js';
import { el } from '../shared/dom.js';

/** Add (person = null) or edit a person's name, external id and role. */
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
  const form = el(
    'form',
    { method: 'dialog' },
    el('h2', {}, person ? `Edit ${person.name}` : 'Add person'),
    field('Name', 'name', person?.name ?? '', { required: true, maxlength: 100 }),
    field('External ID', 'external_id', person?.external_id ?? '', { maxlength: 64 }),
    field('Role', 'role', person?.role ?? 'employee', { required: true, maxlength: 32 }),
    error,
    el(
      'div',
      { class: 'toolbar' },
      el('button', { type: 'submit', class: 'primary' }, 'Save'),
      el('button', { type: 'button', value: 'cancel', onclick: () => dialog.close() }, 'Cancel'),
    ),
  );
  const dialog = el('dialog', {}, form);
  form.onsubmit = (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const text = (name: string) => {
      const value = data.get(name);
      return typeof value === 'string' ? value.trim() : '';
    };
    const body = { name: text('name'), external_id: text('external_id') || null, role: text('role') };
    const call = person
      ? api.patch<Person>(`/v1/people/${person.id}`, body)
      : api.post<Person>('/v1/people', body);
    call.then(
      (saved) => {
        dialog.close();
        onSaved(saved);
      },
      (failure: unknown) => {
        error.textContent = failure instanceof ApiError ? failure.message : 'Saving failed';
      },
    );
  };
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
}
