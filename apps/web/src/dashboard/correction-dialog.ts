import type { PersonRef } from '@attendance/protocol';
import { t } from '../i18n/i18n.js';
import { el } from '../shared/dom.js';

export interface CorrectionAnswer {
  reason: string;
  /** Reassigning: the person the event belongs to. */
  personId?: string;
}

/**
 * Asks for the reason of a correction (required: it goes into the audit log), and for reassigning the
 * person the event really belongs to. Resolves with null when cancelled. `submit` runs before the dialog
 * closes; a failure it throws is shown in the dialog.
 */
export function askCorrection(options: {
  title: string;
  people?: readonly PersonRef[];
  submit: (answer: CorrectionAnswer) => Promise<void>;
}): void {
  const reason = el('input', { name: 'reason', required: true, maxlength: 500, autocomplete: 'off' });
  const person = options.people
    ? el(
        'select',
        { name: 'person_id', required: true },
        ...options.people.map((candidate) => el('option', { value: candidate.id }, candidate.name)),
      )
    : null;
  const error = el('p', { class: 'error', role: 'alert' });
  const form = el(
    'form',
    { id: 'correction-form' },
    el('h2', {}, options.title),
    person ? el('label', {}, t('days.reassignTo'), person) : null,
    el('label', {}, t('days.reason'), reason),
    error,
    el(
      'div',
      { class: 'toolbar' },
      el('button', { type: 'submit', class: 'primary' }, t('common.save')),
      el('button', { type: 'button', onclick: () => dialog.close() }, t('days.cancel')),
    ),
  );
  const dialog = el('dialog', {}, form);
  form.onsubmit = (event) => {
    event.preventDefault();
    const answer: CorrectionAnswer = {
      reason: reason.value.trim(),
      ...(person ? { personId: person.value } : {}),
    };
    options.submit(answer).then(
      () => dialog.close(),
      (failure: unknown) => {
        error.textContent = failure instanceof Error ? failure.message : t('common.requestFailed');
      },
    );
  };
  dialog.onclose = () => dialog.remove();
  document.body.append(dialog);
  dialog.showModal();
}
