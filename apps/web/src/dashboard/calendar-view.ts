import type { Holiday, Leave, PersonRef } from '@attendance/protocol';
import { t } from '../i18n/i18n.js';
import { el, localDay } from '../shared/dom.js';
import { adminForm, AdminView, listTable } from './admin-view.js';
import { personSelect } from './pickers.js';
import { labelled } from './rendered-view.js';

const dateInput = (name: string, value = '') => el('input', { name, type: 'date', required: true, value });

/**
 * Holidays (nobody is expected) and per-person leave (dates inclusive, local days): everyone sees them,
 * admins add and remove them. Days and reports count such days as holiday / on leave, never absent.
 */
export class CalendarView extends AdminView {
  private holidays: Holiday[] = [];
  private people: PersonRef[] = [];
  private personId = '';
  private leave: Leave[] = [];

  protected async load(): Promise<void> {
    const [holidays, people] = await Promise.all([
      this.api.listHolidays(),
      this.api.listPeople({ active: 'true', limit: 500 }),
    ]);
    this.holidays = holidays.items;
    this.people = people.items;
    if (!this.people.some((person) => person.id === this.personId)) this.personId = this.people[0]?.id ?? '';
    this.leave = this.personId ? (await this.api.listLeave(this.personId)).items : [];
  }

  protected render(): void {
    const admin = this.api.hasScope('admin');
    this.renderPage(
      { title: t('calendar.title'), intro: t('calendar.intro') },
      el('h3', {}, t('calendar.holidaysTitle')),
      admin &&
        adminForm(
          { id: 'holiday-form' },
          [
            labelled(t('calendar.date'), dateInput('day', localDay())),
            labelled(
              t('calendar.holidayName'),
              el('input', { name: 'name', required: true, maxlength: 200 }),
            ),
          ],
          t('calendar.addHoliday'),
          ({ day = '', name }) =>
            this.change(
              () => this.api.put(`/v1/holidays/${day}`, { name }),
              t('calendar.holidayAdded', { day }),
            ),
        ),
      listTable(
        [t('calendar.date'), t('calendar.holidayName'), ...(admin ? [''] : [])],
        this.holidays.map((holiday) => this.holidayRow(holiday, admin)),
        { id: 'holidays-table', empty: t('calendar.noHolidays') },
      ),
      el('h3', {}, t('calendar.leaveTitle')),
      this.people.length === 0
        ? el('p', { class: 'muted' }, t('calendar.noPeople'))
        : this.leaveSection(admin),
    );
  }

  private holidayRow(holiday: Holiday, admin: boolean): HTMLTableRowElement {
    const remove = this.confirmButton(
      t('calendar.remove'),
      {
        question: t('calendar.removeHolidayConfirm', { day: holiday.day, name: holiday.name }),
        call: () => this.api.delete(`/v1/holidays/${holiday.day}`),
        success: t('calendar.holidayRemoved', { day: holiday.day }),
      },
      { name: 'remove' },
    );
    return el(
      'tr',
      { 'data-day': holiday.day },
      el('td', {}, holiday.day),
      el('td', { translate: 'no' }, holiday.name),
      admin && el('td', { class: 'actions' }, remove),
    );
  }

  private leaveSection(admin: boolean): HTMLElement {
    const person = personSelect(this.people, this.personId);
    person.setAttribute('aria-label', t('calendar.person'));
    person.onchange = () => {
      this.personId = person.value;
      void this.refresh();
    };
    const today = localDay();
    return el(
      'div',
      {},
      el('div', { class: 'toolbar' }, labelled(t('calendar.person'), person)),
      admin &&
        adminForm(
          { id: 'leave-form' },
          [
            labelled(t('calendar.from'), dateInput('from', today)),
            labelled(t('calendar.to'), dateInput('to', today)),
            labelled(t('calendar.reason'), el('input', { name: 'reason', maxlength: 500 })),
          ],
          t('calendar.addLeave'),
          ({ from, to, reason }) =>
            this.change(
              () => this.api.post(`/v1/people/${this.personId}/leave`, { from, to, reason }),
              t('calendar.leaveAdded'),
            ),
        ),
      listTable(
        [t('calendar.from'), t('calendar.to'), t('calendar.reason'), ...(admin ? [''] : [])],
        this.leave.map((entry) => this.leaveRow(entry, admin)),
        { id: 'leave-table', empty: t('calendar.noLeave') },
      ),
    );
  }

  private leaveRow(entry: Leave, admin: boolean): HTMLTableRowElement {
    const remove = this.confirmButton(
      t('calendar.remove'),
      {
        question: t('calendar.removeLeaveConfirm', { from: entry.from, to: entry.to }),
        call: () => this.api.delete(`/v1/people/${entry.person_id}/leave/${entry.id}`),
        success: t('calendar.leaveRemoved'),
      },
      { name: 'remove' },
    );
    return el(
      'tr',
      { 'data-leave': entry.id },
      el('td', {}, entry.from),
      el('td', {}, entry.to),
      el('td', { class: 'wrap' }, entry.reason || '—'),
      admin && el('td', { class: 'actions' }, remove),
    );
  }
}
