import type { Group, Person } from '@attendance/protocol';
import { t } from '../i18n/i18n.js';
import type { ApiClient } from '../shared/api-client.js';
import { el } from '../shared/dom.js';

/**
 * A person's groups as chips; for admins each chip has a remove button and a select adds the person to
 * another group (`PUT`/`DELETE /v1/groups/:id/members/:personId`).
 */
export function personGroups(
  api: ApiClient,
  person: Person,
  groups: readonly Group[],
  editable: boolean,
  on: { done: (text: string) => void; failed: (failure: unknown) => void },
): HTMLElement {
  const member = groups.filter((group) => group.member_ids.includes(person.id));
  const change = (method: 'put' | 'delete', group: Group, text: string) => {
    const path = `/v1/groups/${group.id}/members/${person.id}`;
    (method === 'put' ? api.put(path, {}) : api.delete(path)).then(() => on.done(text), on.failed);
  };
  const chips = member.map((group) =>
    el(
      'span',
      { class: 'chip', 'data-group': group.name, translate: 'no' },
      group.name,
      editable &&
        el(
          'button',
          {
            type: 'button',
            class: 'chip-remove',
            'aria-label': t('people.removeFromGroup', { group: group.name }),
            onclick: () =>
              change('delete', group, t('people.leftGroup', { name: person.name, group: group.name })),
          },
          '×',
        ),
    ),
  );
  const others = groups.filter((group) => !member.includes(group));
  if (!editable || others.length === 0) {
    return el('span', {}, ...(chips.length > 0 ? chips : ['—']));
  }
  const add = el(
    'select',
    { name: 'add-group', 'aria-label': t('people.addToGroup') },
    el('option', { value: '' }, t('people.addToGroup')),
    ...others.map((group) => el('option', { value: group.id, translate: 'no' }, group.name)),
  );
  add.onchange = () => {
    const group = others.find((candidate) => candidate.id === add.value);
    if (group) change('put', group, t('people.joinedGroup', { name: person.name, group: group.name }));
  };
  return el('span', {}, ...chips, add);
}
