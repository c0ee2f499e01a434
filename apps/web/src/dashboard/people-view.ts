import type { Group, Person } from '@attendance/protocol';
import { formatNumber } from '../i18n/format.js';
import { localize, t } from '../i18n/i18n.js';
import type { ApiClient } from '../shared/api-client.js';
import { el, replaceChildren } from '../shared/dom.js';
import { openEnrollDialog } from './enroll-dialog.js';
import { openPersonDialog } from './person-dialog.js';
import { personGroups } from './person-groups.js';
import { failureText, RenderedView, say } from './rendered-view.js';
import { table } from './table.js';

const PAGE_SIZE = 50;

interface PersonPage {
  items: Person[];
  total: number;
}

/**
 * People: server-side search and paging (any number of people), add, edit, deactivate and reactivate,
 * erase, enroll faces from photos, and group membership (shown to all, changed by admins).
 */
export class PeopleView extends RenderedView {
  private readonly search = el('input', { type: 'search', name: 'q' });
  private readonly activeFilter = el('select', { name: 'active' });
  private readonly message = el('p', { class: 'notice', role: 'status' });
  private readonly results = el('div');
  private built = false;
  private page: PersonPage = { items: [], total: 0 };
  private groups: Group[] = [];
  private offset = 0;

  constructor(
    private readonly api: ApiClient,
    root: HTMLElement,
  ) {
    super(root);
    let debounce = 0;
    this.search.oninput = () => {
      clearTimeout(debounce);
      debounce = window.setTimeout(() => void this.goTo(0), 250);
    };
    this.activeFilter.onchange = () => void this.goTo(0);
    localize(this.search, 'people.searchPlaceholder', undefined, 'placeholder');
    for (const [value, key] of [
      ['', 'people.all'],
      ['true', 'people.active'],
      ['false', 'people.inactive'],
    ] as const) {
      const option = el('option', { value });
      localize(option, key);
      this.activeFilter.append(option);
    }
  }

  protected async load(): Promise<void> {
    const [page, groups] = await Promise.all([
      this.api.listPeople({
        q: this.search.value.trim() || undefined,
        active: this.activeFilter.value || undefined,
        limit: PAGE_SIZE,
        offset: this.offset,
      }),
      this.api.listGroups(),
    ]);
    this.page = page;
    this.groups = groups.items;
  }

  private async goTo(offset: number): Promise<void> {
    this.offset = Math.max(0, offset);
    await this.show();
  }

  /** The heading, search and filter are built once: redrawing them would take the focus from the search box. */
  private build(): void {
    this.built = true;
    const add = el('button', { type: 'button', class: 'primary', disabled: !this.api.hasScope('operator') });
    localize(add, 'people.add');
    add.onclick = () =>
      openPersonDialog(this.api, null, (person) => this.done(t('people.added', { name: person.name })));
    const text = (tag: 'h2' | 'span', key: string) => {
      const element = el(tag);
      localize(element, key);
      return element;
    };
    replaceChildren(
      this.root,
      text('h2', 'people.title'),
      el(
        'div',
        { class: 'toolbar' },
        el('label', {}, text('span', 'people.search'), this.search),
        el('label', {}, text('span', 'people.status'), this.activeFilter),
        add,
      ),
      this.message,
      this.results,
    );
  }

  protected render(): void {
    if (!this.built) this.build();
    const rows = this.page.items.map((person) => this.row(person));
    replaceChildren(
      this.results,
      table(
        [
          t('people.name'),
          t('people.externalId'),
          t('people.role'),
          t('people.activeColumn'),
          t('people.faces'),
          t('people.groups'),
          '',
        ],
        rows.length > 0 ? rows : [el('tr', {}, el('td', { colspan: 7, class: 'muted' }, t('people.none')))],
      ),
      this.pager(),
    );
  }

  /** "51–100 of 1,234" with the previous and next pages. */
  private pager(): HTMLElement {
    const { total } = this.page;
    const first = total === 0 ? 0 : this.offset + 1;
    const last = Math.min(this.offset + PAGE_SIZE, total);
    const previous = el('button', { type: 'button', name: 'previous', disabled: this.offset === 0 });
    previous.textContent = t('people.previous');
    previous.onclick = () => void this.goTo(this.offset - PAGE_SIZE);
    const next = el('button', { type: 'button', name: 'next', disabled: last >= total });
    next.textContent = t('people.next');
    next.onclick = () => void this.goTo(this.offset + PAGE_SIZE);
    return el(
      'div',
      { class: 'toolbar pager', 'data-total': total, 'data-offset': this.offset },
      previous,
      el(
        'span',
        { class: 'muted' },
        t('people.range', {
          first: formatNumber(first),
          last: formatNumber(last),
          total: formatNumber(total),
        }),
      ),
      next,
    );
  }

  private row(person: Person): HTMLTableRowElement {
    const operator = this.api.hasScope('operator');
    const admin = this.api.hasScope('admin');
    // Enrolling and correcting is an operator's job; erasing and groups stay with admins.
    const action = (label: string, run: () => void, className = '', allowed = operator) =>
      el('button', { type: 'button', class: className, disabled: !allowed, onclick: run }, label);
    const name = person.name;
    return el(
      'tr',
      { 'data-person': person.id },
      el('td', { translate: 'no' }, name),
      el('td', { translate: 'no' }, person.external_id ?? '—'),
      el('td', { translate: 'no' }, person.role),
      el('td', {}, t(person.active ? 'people.yes' : 'people.no')),
      el('td', { 'data-faces': person.template_count }, person.template_count),
      el(
        'td',
        { class: 'groups' },
        personGroups(this.api, person, this.groups, admin, {
          done: (text) => this.done(text),
          failed: (failure) => say(this.message, failureText(failure), false),
        }),
      ),
      el(
        'td',
        { class: 'actions' },
        action(t('people.enroll'), () =>
          openEnrollDialog(this.api, person, (added) =>
            this.done(t('people.enrolled', { count: added, name })),
          ),
        ),
        action(t('people.edit'), () =>
          openPersonDialog(this.api, person, (saved) => this.done(t('people.saved', { name: saved.name }))),
        ),
        person.active
          ? action(t('people.deactivate'), () =>
              this.run(t('people.deactivated', { name }), () =>
                this.api.post(`/v1/people/${person.id}/deactivate`),
              ),
            )
          : action(t('people.reactivate'), () =>
              this.run(t('people.reactivated', { name }), () =>
                this.api.patch(`/v1/people/${person.id}`, { active: true }),
              ),
            ),
        action(
          t('people.erase'),
          () => {
            if (confirm(t('people.eraseConfirm', { name }))) {
              this.run(t('people.erased', { name }), () => this.api.delete(`/v1/people/${person.id}`));
            }
          },
          'danger',
          admin,
        ),
      ),
    );
  }

  private run(success: string, call: () => Promise<unknown>): void {
    call().then(
      () => this.done(success),
      (failure: unknown) => say(this.message, failureText(failure), false),
    );
  }

  private done(text: string): void {
    say(this.message, text, true);
    void this.refresh();
  }
}
