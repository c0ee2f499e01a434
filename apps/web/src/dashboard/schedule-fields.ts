import type { Group, GroupInput, Schedule } from '@attendance/protocol';
import { currentLanguage, t } from '../i18n/i18n.js';
import { displayTimeZone } from '../i18n/format.js';
import { el } from '../shared/dom.js';
import { checkedValues } from './admin-view.js';
import { formValues, labelled } from './rendered-view.js';

const ISO_WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** Short weekday name in the UI language; 1 = Monday … 7 = Sunday (ISO, as the API counts). */
function weekdayName(isoDay: number): string {
  // 2024-01-01 was a Monday.
  const date = new Date(Date.UTC(2024, 0, isoDay, 12));
  return date.toLocaleDateString(currentLanguage(), { weekday: 'short', timeZone: 'UTC' });
}

/**
 * A group's name and schedule as form fields: work days, start, end, grace minutes. Times are the
 * installation's clock (ATTENDANCE_TIMEZONE), which every schedule shares; the form names it.
 */
export function groupFields(current?: Group): HTMLElement[] {
  const schedule = current?.schedule ?? null;
  const days = new Set<number>(schedule?.work_days ?? [1, 2, 3, 4, 5]);
  return [
    labelled(
      t('groups.name'),
      el('input', { name: 'name', required: true, maxlength: 200, value: current?.name }),
    ),
    el(
      'label',
      { class: 'check' },
      el('input', { type: 'checkbox', name: 'has_schedule', checked: current ? schedule !== null : true }),
      t('groups.hasSchedule'),
    ),
    el(
      'fieldset',
      { class: 'checks' },
      el('legend', {}, t('groups.workDays')),
      ...ISO_WEEKDAYS.map((day) =>
        el(
          'label',
          { class: 'check' },
          el('input', { type: 'checkbox', name: 'work_days', value: day, checked: days.has(day) }),
          weekdayName(day),
        ),
      ),
    ),
    labelled(
      t('groups.start'),
      el('input', { name: 'start', type: 'time', required: true, value: schedule?.start ?? '09:00' }),
    ),
    labelled(
      t('groups.end'),
      el('input', { name: 'end', type: 'time', required: true, value: schedule?.end ?? '17:00' }),
    ),
    labelled(
      t('groups.grace'),
      el('input', {
        name: 'grace_minutes',
        type: 'number',
        min: 0,
        max: 720,
        required: true,
        value: schedule?.grace_minutes ?? 0,
      }),
    ),
    el('p', { class: 'muted small full-row' }, t('groups.timeZoneNote', { zone: displayTimeZone() })),
  ];
}

/** The fields as the API's group body; `has_schedule` unticked sends no schedule (presence only). */
export function groupBody(form: HTMLFormElement): GroupInput {
  const values = formValues(form);
  const text = (name: string) => values[name] ?? '';
  const schedule: Schedule | null =
    values.has_schedule === undefined
      ? null
      : {
          work_days: checkedValues(form, 'work_days').map(Number),
          start: text('start'),
          end: text('end'),
          grace_minutes: Number(text('grace_minutes')),
        };
  return { name: text('name'), schedule };
}

/** "Mon Tue Wed Thu Fri · 09:00–17:00 · 10 min grace", or that the group has no schedule. */
export function scheduleSummary(schedule: Schedule | null): string {
  if (!schedule) return t('groups.noSchedule');
  return t('groups.scheduleSummary', {
    days: schedule.work_days.map(weekdayName).join(' '),
    start: schedule.start,
    end: schedule.end,
    grace: schedule.grace_minutes,
  });
}
