import { t } from '../i18n/i18n.js';
import { el } from '../shared/dom.js';

type FilterControl = HTMLInputElement | HTMLSelectElement;

const isFilterControl = (target: unknown): target is FilterControl =>
  (target instanceof HTMLInputElement || target instanceof HTMLSelectElement) && target.name !== '';

/**
 * What someone entered in a filter bar and has not applied yet. A page draws its filter bar again with every
 * load (a live update, the page being opened again); the draft is put back into the new controls, so a
 * person chosen or a date typed meanwhile is not lost. Applying the filters clears it.
 */
export class FilterDraft {
  readonly #values = new Map<string, string>();

  restore(form: HTMLFormElement): void {
    for (const [name, value] of this.#values) {
      const control = form.elements.namedItem(name);
      if (isFilterControl(control)) control.value = value;
    }
    const record = (event: Event) => {
      if (isFilterControl(event.target)) this.#values.set(event.target.name, event.target.value);
    };
    form.addEventListener('input', record);
    form.addEventListener('change', record);
  }

  clear(): void {
    this.#values.clear();
  }
}

/**
 * A filter bar: labelled controls in a row and a "Show" button; `onSubmit` runs instead of a page load.
 * With a `draft`, edits not yet applied survive the bar being drawn again.
 */
export function toolbarForm(
  fields: readonly (readonly [label: string, control: HTMLElement] | HTMLElement)[],
  onSubmit: () => void,
  options: { attributes?: Record<string, string>; draft?: FilterDraft } = {},
): HTMLFormElement {
  const form = el(
    'form',
    { class: 'toolbar', ...options.attributes },
    ...fields.map((field) => (field instanceof HTMLElement ? field : el('label', {}, field[0], field[1]))),
    el('button', { type: 'submit' }, t('days.show')),
  );
  options.draft?.restore(form);
  form.onsubmit = (event) => {
    event.preventDefault();
    options.draft?.clear();
    onSubmit();
  };
  return form;
}
