import type { ApiClient } from '../shared/api-client.js';
import { el, replaceChildren, type Child } from '../shared/dom.js';
import { failureText, formValues, RenderedView, say } from './rendered-view.js';
import { table } from './table.js';

/**
 * A management page (accounts, keys, devices, webhooks, groups…): a status line under the heading, and
 * changes that report their outcome there and reload the page's data when they succeed.
 */
export abstract class AdminView extends RenderedView {
  protected readonly message = el('p', { class: 'notice', role: 'status' });

  constructor(
    protected readonly api: ApiClient,
    root: HTMLElement,
  ) {
    super(root);
  }

  /**
   * Runs a change. On success the status line says `success` (or what it makes of the answer) and the page
   * reloads its data; on failure it says why, with the server's message or `explain`'s reading of it.
   */
  protected change<T>(
    call: () => Promise<T>,
    success: string | ((result: T) => string),
    explain: (failure: unknown) => string = failureText,
  ): void {
    call().then(
      (result) => {
        say(this.message, typeof success === 'function' ? success(result) : success, true);
        void this.refresh();
      },
      (failure: unknown) => say(this.message, explain(failure), false),
    );
  }

  /** {@link change} after the person confirms `question` (deleting or revoking something). */
  protected confirmedChange<T>(question: string, call: () => Promise<T>, success: string): void {
    if (confirm(question)) this.change(call, success);
  }

  /** A row's danger button for a change that cannot be undone (delete, revoke): a {@link confirmedChange}. */
  protected confirmButton<T>(
    label: string,
    change: { question: string; call: () => Promise<T>; success: string },
    attributes: { name?: string } = {},
  ): HTMLButtonElement {
    return actionButton(label, () => this.confirmedChange(change.question, change.call, change.success), {
      ...attributes,
      danger: true,
    });
  }

  /** Shows the page: its heading, the intro under it when there is one, the status line, then `content`. */
  protected renderPage(heading: { title: string; intro?: string }, ...content: Child[]): void {
    replaceChildren(
      this.root,
      el('h2', {}, heading.title),
      heading.intro !== undefined && el('p', { class: 'muted' }, heading.intro),
      this.message,
      ...content,
    );
  }
}

/** A row of labelled fields with a primary submit button; `onSubmit` gets the trimmed values. */
export function adminForm(
  attributes: { id: string; class?: string },
  fields: readonly HTMLElement[],
  submitLabel: string,
  onSubmit: (values: Record<string, string>, form: HTMLFormElement) => void,
): HTMLFormElement {
  const form = el(
    'form',
    { class: 'toolbar', ...attributes },
    ...fields,
    el('button', { type: 'submit', class: 'primary' }, submitLabel),
  );
  form.onsubmit = (event) => {
    event.preventDefault();
    onSubmit(formValues(form), form);
  };
  return form;
}

/** The values of the ticked checkboxes called `name` (a multiple choice). */
export const checkedValues = (form: HTMLFormElement, name: string): string[] =>
  new FormData(form).getAll(name).filter((value): value is string => typeof value === 'string');

/** A button in a table row's actions cell. */
export function actionButton(
  label: string,
  onClick: () => void,
  attributes: { name?: string; danger?: boolean } = {},
): HTMLButtonElement {
  const button = el(
    'button',
    { type: 'button', name: attributes.name, class: attributes.danger ? 'danger' : undefined },
    label,
  );
  button.onclick = onClick;
  return button;
}

/** The table of a list, or one muted line saying it is empty. */
export function listTable(
  headers: readonly string[],
  rows: readonly HTMLTableRowElement[],
  options: { id: string; empty?: string },
): HTMLElement {
  if (rows.length === 0 && options.empty !== undefined) {
    return el('p', { class: 'muted', id: options.id }, options.empty);
  }
  return table(headers, rows, { id: options.id });
}

/**
 * A secret (key, pairing code, signing secret) shown once right after it was made: kept only in the page's
 * memory, so it is gone on reload. `data-secret` carries it for copying and for tests.
 */
export function secretOnce(options: {
  id: string;
  intro: string;
  secret: string;
  notes: readonly string[];
}): HTMLElement {
  return el(
    'div',
    { class: 'card secret', id: options.id },
    el('span', { class: 'muted' }, options.intro),
    el('code', { class: 'code', translate: 'no', 'data-secret': options.secret }, options.secret),
    ...options.notes.map((note, index) =>
      el('span', { class: index === options.notes.length - 1 ? 'muted small' : undefined }, note),
    ),
  );
}
