import type { Group, PersonRef } from '@attendance/protocol';
import { t } from '../i18n/i18n.js';
import { el } from '../shared/dom.js';

/** A `<select>` of the groups, first "Everyone" (value ''); calls `onChange` with the chosen group id. */
export function groupPicker(
  groups: readonly Group[],
  chosen: string,
  onChange: (groupId: string) => void,
): HTMLLabelElement {
  const select = el(
    'select',
    { name: 'group_id' },
    el('option', { value: '', selected: chosen === '' }, t('reports.everyone')),
    ...groups.map((group) =>
      el('option', { value: group.id, selected: group.id === chosen, translate: 'no' }, group.name),
    ),
  );
  select.onchange = () => onChange(select.value);
  return el('label', {}, t('reports.group'), select);
}

/** A `<select name="person_id">` of `people`, `chosen` selected. */
export const personSelect = (people: readonly PersonRef[], chosen: string): HTMLSelectElement =>
  el(
    'select',
    { name: 'person_id' },
    ...people.map((person) =>
      el('option', { value: person.id, selected: person.id === chosen, translate: 'no' }, person.name),
    ),
  );
