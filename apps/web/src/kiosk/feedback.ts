import { byId } from '../shared/dom.js';

export type FeedbackKind = 'idle' | 'hint' | 'ok' | 'bad' | 'saved';

/**
 * The big status panel: green for a recognised person, red for unknown, amber for quality hints, blue for
 * a check-in saved on the kiosk while the server is unreachable.
 */
export class Feedback {
  private readonly root = byId('feedback');
  private readonly title = byId('feedback-title');
  private readonly detail = byId('feedback-detail');

  show(kind: FeedbackKind, title: string, detail: string): void {
    this.root.className = `feedback ${kind}`;
    this.root.dataset.kind = kind;
    this.title.textContent = title;
    this.detail.textContent = detail;
  }
}
