import type { Person } from '@attendance/protocol';
import { ApiError, type ApiClient } from '../shared/api-client.js';
import { el, replaceChildren } from '../shared/dom.js';
import { openEnrollDialog } from './enroll-dialog.js';
import { openPersonDialog } from './person-dialog.js';
import { table } from './table.js';

/** People: search, add, edit, deactivate, erase, and enroll faces from photos (admin actions need admin). */
export class PeopleView {
  private readonly search = el('input', { type: 'search', name: 'q', placeholder: 'Search name or ID' });
  private readonly activeFilter = el(
    'select',
    { name: 'active' },
    el('option', { value: '' }, 'All'),
    el('option', { value: 'true' }, 'Active'),
    el('option', { value: 'false' }, 'Inactive'),
  );
  private readonly table = el('tbody');
  private readonly message = el('p', { class: 'notice', role: 'status' });
  private built = false;

  constructor(
    private readonly api: ApiClient,
    private readonly root: HTMLElement,
  ) {}

  async show(): Promise<void> {
    if (!this.built) this.build();
    await this.refresh();
  }

  private build(): void {
    this.built = true;
    const operator = this.api.hasScope('operator');
    let debounce = 0;
    this.search.oninput = () => {
      clearTimeout(debounce);
      debounce = window.setTimeout(() => void this.refresh(), 250);
    };
    this.activeFilter.onchange = () => void this.refresh();
    const add = el('button', { type: 'button', class: 'primary', disabled: !operator }, 'Add person');
    add.onclick = () => openPersonDialog(this.api, null, (person) => this.done(`Added ${person.name}`));
    replaceChildren(
      this.root,
      el('h2', {}, 'People'),
      el(
        'div',
        { class: 'toolbar' },
        el('label', {}, 'Search', this.search),
        el('label', {}, 'Status', this.activeFilter),
        add,
      ),
      this.message,
      table(['Name', 'External ID', 'Role', 'Active', 'Faces', ''], this.table),
    );
  }

  private async refresh(): Promise<void> {
    const page = await this.api.get<{ items: Person[]; total: number }>('/v1/people', {
      q: this.search.value.trim() || undefined,
      active: this.activeFilter.value || undefined,
      limit: 200,
    });
    replaceChildren(this.table, ...page.items.map((person) => this.row(person)));
    if (page.items.length === 0) {
      replaceChildren(this.table, el('tr', {}, el('td', { colspan: 6, class: 'muted' }, 'Nobody found.')));
    }
  }

  private row(person: Person): HTMLTableRowElement {
    const operator = this.api.hasScope('operator');
    const admin = this.api.hasScope('admin');
    // Enrolling and correcting is an operator's job; erasing stays with admins.
    const action = (label: string, run: () => void, className = '', allowed = operator) =>
      el('button', { type: 'button', class: className, disabled: !allowed, onclick: run }, label);
    return el(
      'tr',
      { 'data-person': person.id },
      el('td', {}, person.name),
      el('td', {}, person.external_id ?? '—'),
      el('td', {}, person.role),
      el('td', {}, person.active ? 'yes' : 'no'),
      el('td', { 'data-faces': person.template_count }, person.template_count),
      el(
        'td',
        { class: 'actions' },
        action('Enroll photos', () =>
          openEnrollDialog(this.api, person, (added) =>
            this.done(`Enrolled ${added} face(s) for ${person.name}`),
          ),
        ),
        action('Edit', () => openPersonDialog(this.api, person, (p) => this.done(`Saved ${p.name}`))),
        person.active &&
          action(
            'Deactivate',
            () =>
              void this.run(`Deactivated ${person.name}`, () =>
                this.api.post(`/v1/people/${person.id}/deactivate`),
              ),
          ),
        action(
          'Erase',
          () => {
            if (confirm(`Erase ${person.name}, their faces and attendance history? This cannot be undone.`)) {
              void this.run(`Erased ${person.name}`, () => this.api.delete(`/v1/people/${person.id}`));
            }
          },
          'danger',
          admin,
        ),
      ),
    );
  }

  private async run(success: string, call: () => Promise<unknown>): Promise<void> {
    try {
      await call();
      this.done(success);
    } catch (error) {
      this.message.textContent = error instanceof ApiError ? error.message : 'Request failed';
    }
  }

  private done(message: string): void {
    this.message.textContent = message;
    void this.refresh();
  }
}
