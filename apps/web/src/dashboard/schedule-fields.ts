import type { Group, GroupInput, Schedule } from '@attendance/protocol';
import { isTimeZone } from '@attendance/protocol';
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

/** Every zone this browser knows, for the time-zone field's suggestions. */
const knownTimeZones = (): readonly string[] => Intl.supportedValuesOf('timeZone');

/**
 * The schedule's time zone, suggested from the browser's list. A schedule that follows the installation's
 * zone (none of its own) shows that zone and keeps following it unless another one is chosen.
 */
function timeZoneField(current: Group | undefined): HTMLElement {
  const installation = displayTimeZone();
  const own = current?.schedule?.time_zone ?? null;
  const listId = `time-zones-${current?.id ?? 'new'}`;
  return labelled(
    t('groups.timeZone'),
    el(
      'span',
      {},
      el('input', {
        name: 'time_zone',
        list: listId,
        autocomplete: 'off',
        spellcheck: false,
        value: own ?? installation,
        'data-follows': own === null ? installation : undefined,
        // Said at the field before sending, rather than as the server's general "request validation failed".
        oninput: (event: Event) => {
          const field = event.target as HTMLInputElement;
          const zone = field.value.trim();
          field.setCustomValidity(zone === '' || isTimeZone(zone) ? '' : t('groups.unknownTimeZone'));
        },
      }),
      el('datalist', { id: listId }, ...knownTimeZones().map((zone) => el('option', { value: zone }))),
    ),
  );
}

/**
 * A group's name and schedule as form fields: work days, start, end, grace minutes, time zone (by default
 * the installation's, ATTENDANCE_TIMEZONE).
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
    timeZoneField(current),
    el('p', { class: 'muted small full-row' }, t('groups.timeZoneNote', { zone: displayTimeZone() })),
  ];
}

/**
 * The zone to send: null (follow the installation's) when the field is empty or still shows the
 * installation's zone the schedule was following.
 */
function chosenTimeZone(form: HTMLFormElement, value: string): string | null {
  const field = form.querySelector<HTMLInputElement>('input[name=time_zone]');
  return value === '' || value === field?.dataset.follows ? null : value;
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
          time_zone: chosenTimeZone(form, text('time_zone')),
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
    zone: schedule.time_zone ?? displayTimeZone(),
  });
}
