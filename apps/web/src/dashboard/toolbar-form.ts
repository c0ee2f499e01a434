import { t } from '../i18n/i18n.js';
import { el } from '../shared/dom.js';

/** A filter bar: labelled controls in a row and a "Show" button; `onSubmit` runs instead of a page load. */
export function toolbarForm(
  fields: readonly (readonly [label: string, control: HTMLElement] | HTMLElement)[],
  onSubmit: () => void,
  attributes: Record<string, string> = {},
): HTMLFormElement {
  const form = el(
    'form',
    { class: 'toolbar', ...attributes },
    ...fields.map((field) => (field instanceof HTMLElement ? field : el('label', {}, field[0], field[1]))),
    el('button', { type: 'submit' }, t('days.show')),
  );
  form.onsubmit = (event) => {
    event.preventDefault();
    onSubmit();
  };
  return form;
}
