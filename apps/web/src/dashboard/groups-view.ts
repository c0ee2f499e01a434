import type { Group } from '@attendance/protocol';
import { t } from '../i18n/i18n.js';
import { el } from '../shared/dom.js';
import { actionButton, adminForm, AdminView, listTable } from './admin-view.js';
import { openFormDialog } from './form-dialog.js';
import { say } from './rendered-view.js';
import { groupBody, groupFields, scheduleSummary } from './schedule-fields.js';

/**
 * Groups (departments, classes) and their schedules: everyone sees them; admins create, edit and delete
 * (the API's scopes). People join groups from the People page.
 */
export class GroupsView extends AdminView {
  private groups: Group[] = [];

  protected async load(): Promise<void> {
    this.groups = (await this.api.listGroups()).items;
  }

  protected render(): void {
    const admin = this.api.hasScope('admin');
    this.renderPage(
      { title: t('groups.title'), intro: t('groups.intro') },
      admin &&
        adminForm({ id: 'group-form' }, groupFields(), t('groups.create'), (_values, form) => {
          const body = groupBody(form);
          this.change(() => this.api.post('/v1/groups', body), t('groups.created', { name: body.name }));
        }),
      listTable(
        [t('groups.name'), t('groups.members'), t('groups.schedule'), ...(admin ? [''] : [])],
        this.groups.map((group) => this.row(group, admin)),
        { id: 'groups-table', empty: t('groups.none') },
      ),
    );
  }

  private row(group: Group, admin: boolean): HTMLTableRowElement {
    const edit = actionButton(t('groups.edit'), () => this.openEdit(group), { name: 'edit' });
    const remove = this.confirmButton(
      t('groups.delete'),
      {
        question: t('groups.deleteConfirm', { name: group.name }),
        call: () => this.api.delete(`/v1/groups/${group.id}`),
        success: t('groups.deleted', { name: group.name }),
      },
      { name: 'delete' },
    );
    return el(
      'tr',
      { 'data-group': group.name },
      el('td', { translate: 'no' }, group.name),
      el('td', {}, group.member_ids.length),
      el('td', {}, scheduleSummary(group.schedule)),
      admin && el('td', { class: 'actions' }, edit, remove),
    );
  }

  private openEdit(group: Group): void {
    openFormDialog({
      id: 'group-edit-form',
      title: t('groups.editTitle', { name: group.name }),
      fields: groupFields(group),
      submitLabel: t('common.save'),
      submit: async (form) => {
        const body = groupBody(form);
        await this.api.put(`/v1/groups/${group.id}`, body);
        say(this.message, t('groups.saved', { name: body.name }), true);
        await this.refresh();
      },
    });
  }
}
