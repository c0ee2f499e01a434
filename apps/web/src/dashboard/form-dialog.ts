import { t } from '../i18n/i18n.js';
import { el } from '../shared/dom.js';
import { failureText } from './rendered-view.js';

/**
 * A modal form (edit an endpoint, a group's schedule, reset a password): `submit` runs on save; the dialog
 * closes when it succeeds and shows `explain`'s reading of the failure inside itself when it does not.
 */
export function openFormDialog(options: {
  id: string;
  title: string;
  intro?: string;
  fields: readonly HTMLElement[];
  submitLabel: string;
  submit: (form: HTMLFormElement) => Promise<unknown>;
  explain?: (failure: unknown) => string;
}): HTMLDialogElement {
  const error = el('p', { class: 'error', role: 'alert' });
  const form = el(
    'form',
    { method: 'dialog', id: options.id },
    el('h2', {}, options.title),
    options.intro !== undefined && el('p', { class: 'muted' }, options.intro),
    ...options.fields,
    error,
    el(
      'div',
      { class: 'toolbar' },
      el('button', { type: 'submit', class: 'primary' }, options.submitLabel),
      el('button', { type: 'button', onclick: () => dialog.close() }, t('common.cancel')),
    ),
  );
  const dialog = el('dialog', {}, form);
  form.onsubmit = (event) => {
    event.preventDefault();
    options.submit(form).then(
      () => dialog.close(),
      (failure: unknown) => {
        error.textContent = (options.explain ?? failureText)(failure);
      },
    );
  };
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  return dialog;
}
