import { t, onLanguageChange } from '../i18n/i18n.js';
import { ApiError } from '../shared/api-client.js';
import { el } from '../shared/dom.js';

/**
 * A page built from its data with `t()`: loaded and drawn when it is shown, and drawn again in place when
 * the language changes while it is open (its texts are not tied to `data-i18n` attributes).
 */
export abstract class RenderedView {
  #running: Promise<void> = Promise.resolve();
  #queued: Promise<void> | undefined;

  constructor(protected readonly root: HTMLElement) {
    onLanguageChange(() => {
      if (!root.hidden) this.render();
    });
  }

  /**
   * Loads and draws one at a time, the latest asked last: a slow answer to an earlier load (a refresh after
   * an edit, the previous search) can never be drawn over a later one. Asks made while one waits join it.
   */
  show(): Promise<void> {
    if (this.#queued) return this.#queued;
    const next = this.#running
      .catch(() => undefined)
      .then(async () => {
        this.#queued = undefined;
        await this.load();
        this.render();
      });
    this.#queued = next;
    this.#running = next;
    return next;
  }

  /** Reloads the data and redraws (after a change the view made itself). */
  protected refresh(): Promise<void> {
    return this.show();
  }

  protected abstract load(): Promise<void>;
  protected abstract render(): void;
}

/** What to show when a call failed: the server's message (it names the field), else a generic line. */
export function failureText(failure: unknown): string {
  if (failure instanceof ApiError) return failure.message;
  return t('common.requestFailed');
}

/** A form control with its label text in front. */
export const labelled = (text: string, control: HTMLElement): HTMLLabelElement =>
  el('label', {}, text, control);

/** The form's fields as trimmed strings (files by name). */
export function formValues(form: HTMLFormElement): Record<string, string> {
  return Object.fromEntries(
    [...new FormData(form)].map(([name, value]) => [
      name,
      typeof value === 'string' ? value.trim() : value.name,
    ]),
  );
}

/** A status line under a page's heading: `ok` in the accent colour, else as an error. */
export function say(line: HTMLElement, text: string, ok: boolean): void {
  line.className = ok ? 'notice' : 'error';
  line.textContent = text;
}
