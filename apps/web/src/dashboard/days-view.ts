import {
  EVENT_DIRECTIONS,
  type DayEvent,
  type PersonDay,
  type PersonRef,
  type ServerEvent,
} from '@attendance/protocol';
import { displayTimeZone, localDay } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { zonedWallTimeToIso } from '../i18n/zoned-time.js';
import type { ApiClient } from '../shared/api-client.js';
import { el, formatTime, replaceChildren } from '../shared/dom.js';
import { askCorrection } from './correction-dialog.js';
import { DayChangeReload, nearDays } from './day-change-reload.js';
import { formatDuration } from './duration.js';
import { exportLinks } from './export-links.js';
import { failureText, RenderedView } from './rendered-view.js';
import { table } from './table.js';
import { personSelect } from './pickers.js';
import { FilterDraft, toolbarForm } from './toolbar-form.js';

const WEEK_MS = 6 * 86_400_000;

/**
 * A person's days (`GET /v1/attendance/days`): status, first in, last out, time present and the events that
 * count. Operators correct them here: add a missed event, void a wrong one, reassign one to someone else,
 * each with a reason (audited). Reloaded live when one of the shown days changes (a sighting, a correction).
 */
export class DaysView extends RenderedView {
  private people: PersonRef[] = [];
  private personId = '';
  private from = localDay(new Date(Date.now() - WEEK_MS));
  private to = localDay();
  private days: PersonDay[] = [];
  private readonly message = el('p', { class: 'notice', role: 'status' });
  private readonly live: DayChangeReload;
  private readonly draft = new FilterDraft();

  constructor(
    private readonly api: ApiClient,
    root: HTMLElement,
  ) {
    super(root);
    const shows = (change: { date: string; person_id: string }) =>
      change.person_id === this.personId && nearDays(change.date, this.from, this.to);
    this.live = new DayChangeReload(root, shows, () => this.refresh());
  }

  onEvent(event: ServerEvent): void {
    this.live.onEvent(event);
  }

  protected async load(): Promise<void> {
    try {
      const people = await this.api.listPeople({ active: 'true', limit: 500 });
      this.people = people.items;
      this.personId ||= this.people[0]?.id ?? '';
      this.days = this.personId
        ? (
            await this.api.listAttendanceDays({
              person_id: this.personId,
              from: this.from,
              to: this.to,
              limit: 500,
            })
          ).items
        : [];
    } catch (failure) {
      this.say(failureText(failure), true);
    }
  }

  protected render(): void {
    const operator = this.api.hasScope('operator');
    replaceChildren(
      this.root,
      el('h2', {}, t('days.title')),
      this.filters(),
      this.personId
        ? exportLinks('/v1/attendance/days/export', {
            person_id: this.personId,
            from: this.from,
            to: this.to,
          })
        : null,
      this.message,
      operator && this.personId ? this.addForm() : null,
      this.days.length === 0
        ? el('p', { class: 'muted' }, t('days.none'))
        : table(
            [
              t('days.date'),
              t('days.status'),
              t('days.firstIn'),
              t('days.lastOut'),
              t('days.present'),
              t('days.events'),
            ],
            [...this.days].reverse().map((day) => this.row(day, operator)),
            { id: 'days-table' },
          ),
    );
  }

  private filters(): HTMLFormElement {
    const person = personSelect(this.people, this.personId);
    const from = el('input', { type: 'date', name: 'from', value: this.from, required: true });
    const to = el('input', { type: 'date', name: 'to', value: this.to, required: true });
    return toolbarForm(
      [
        [t('days.person'), person],
        [t('days.from'), from],
        [t('days.to'), to],
      ],
      () => {
        Object.assign(this, { personId: person.value, from: from.value, to: to.value });
        void this.refresh();
      },
      { attributes: { id: 'days-filters' }, draft: this.draft },
    );
  }

  private row(day: PersonDay, operator: boolean): HTMLTableRowElement {
    return el(
      'tr',
      { 'data-date': day.date, 'data-status': day.status, 'data-time-zone': day.time_zone },
      el('td', {}, day.date),
      el('td', {}, t(`days.statuses.${day.status}`)),
      el(
        'td',
        { 'data-first-in': day.first_in ?? '' },
        day.first_in ? formatTime(day.first_in, day.time_zone) : '—',
      ),
      el(
        'td',
        { 'data-last-out': day.last_out ?? '' },
        day.last_out ? formatTime(day.last_out, day.time_zone) : '—',
      ),
      el('td', {}, formatDuration(day.present_seconds)),
      el(
        'td',
        {},
        el(
          'ul',
          { class: 'events' },
          ...day.events.map((event) => this.event(event, operator, day.time_zone)),
        ),
      ),
    );
  }

  private event(event: DayEvent, operator: boolean, zone: string): HTMLLIElement {
    const label = `${formatTime(event.recorded_at, zone)} ${t(`days.directions.${event.direction}`)}`;
    const source = event.camera_id ?? t('days.manual');
    const action = (text: string, run: () => void) => el('button', { type: 'button', onclick: run }, text);
    return el(
      'li',
      { 'data-event': event.id },
      label,
      ' ',
      el('span', { class: 'muted', translate: 'no' }, source),
      operator ? action(t('days.void'), () => this.void(event)) : null,
      operator ? action(t('days.reassign'), () => this.reassign(event)) : null,
    );
  }

  private addForm(): HTMLFormElement {
    const when = el('input', { type: 'datetime-local', name: 'recorded_at', required: true });
    const direction = el(
      'select',
      { name: 'direction' },
      ...EVENT_DIRECTIONS.map((value) => el('option', { value }, t(`days.directions.${value}`))),
    );
    const reason = el('input', { name: 'reason', required: true, maxlength: 500, autocomplete: 'off' });
    const form = el(
      'form',
      { class: 'toolbar', id: 'add-event-form' },
      el('label', {}, t('days.when'), when),
      el('label', {}, t('days.direction'), direction),
      el('label', {}, t('days.reason'), reason),
      el('button', { type: 'submit', class: 'primary' }, t('days.addMissed')),
    );
    form.onsubmit = (event) => {
      event.preventDefault();
      this.correct(t('days.added'), () =>
        this.api.post('/v1/attendance/events', {
          person_id: this.personId,
          recorded_at: zonedWallTimeToIso(when.value, displayTimeZone()),
          direction: direction.value,
          reason: reason.value.trim(),
        }),
      ).catch((failure: unknown) => {
        this.say(failureText(failure), true);
      });
    };
    return form;
  }

  private void(event: DayEvent): void {
    askCorrection({
      title: t('days.voidTitle', { time: formatTime(event.recorded_at) }),
      submit: ({ reason }) =>
        this.correct(t('days.voided'), () =>
          this.api.post(`/v1/attendance/events/${event.id}/void`, { reason }),
        ),
    });
  }

  private reassign(event: DayEvent): void {
    askCorrection({
      title: t('days.reassignTitle', { time: formatTime(event.recorded_at) }),
      people: this.people.filter((person) => person.id !== this.personId),
      submit: ({ reason, personId }) =>
        this.correct(t('days.reassigned'), () =>
          this.api.post(`/v1/attendance/events/${event.id}/reassign`, { person_id: personId, reason }),
        ),
    });
  }

  /** Sends one correction, then shows the day as the server now counts it. */
  private async correct(done: string, send: () => Promise<unknown>): Promise<void> {
    await send();
    await this.refresh();
    this.say(done, false);
  }

  private say(text: string, isError: boolean): void {
    this.message.className = isError ? 'error' : 'notice';
    this.message.textContent = text;
  }
}
