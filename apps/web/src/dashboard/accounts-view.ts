import { ACCOUNT_ROLES, type Account, type AccountRole } from '@attendance/protocol';
import { t } from '../i18n/i18n.js';
import { el, formatDateTime } from '../shared/dom.js';
import { actionButton, adminForm, AdminView } from './admin-view.js';
import { openFormDialog } from './form-dialog.js';
import { formValues, labelled, say } from './rendered-view.js';
import { table } from './table.js';

const passwordInput = (name: string, autocomplete: string) =>
  el('input', { name, type: 'password', autocomplete, minlength: 10, maxlength: 256, required: true });

/**
 * Accounts. Everyone signed in with a password changes their own password here; admins also create
 * accounts, change roles, reset another person's password, disable or re-enable an account and delete one
 * (never their own).
 */
export class AccountsView extends AdminView {
  private accounts: Account[] = [];

  protected async load(): Promise<void> {
    if (!this.api.hasScope('admin')) return;
    this.accounts = (await this.api.listAccounts()).items;
  }

  protected render(): void {
    const admin = this.api.hasScope('admin');
    this.renderPage(
      { title: t('accounts.title') },
      el('h3', {}, t('accounts.ownPassword')),
      this.api.session?.account ? this.ownPasswordForm() : el('p', { class: 'muted' }, t('accounts.viaKey')),
      admin && el('h3', {}, t('accounts.manageTitle')),
      admin && this.createForm(),
      admin &&
        table(
          [
            t('accounts.username'),
            t('accounts.role'),
            t('accounts.state'),
            t('accounts.lastSignIn'),
            t('accounts.createdAt'),
            '',
          ],
          this.accounts.map((account) => this.row(account)),
          { id: 'accounts-table' },
        ),
    );
  }

  private ownPasswordForm(): HTMLFormElement {
    return adminForm(
      { id: 'own-password-form' },
      [
        labelled(t('accounts.currentPassword'), passwordInput('current_password', 'current-password')),
        labelled(t('accounts.newPassword'), passwordInput('new_password', 'new-password')),
      ],
      t('accounts.changePassword'),
      ({ current_password, new_password }) =>
        this.change(
          () => this.api.post('/ui/api/session/password', { current_password, new_password }),
          t('accounts.passwordChanged'),
        ),
    );
  }

  private createForm(): HTMLFormElement {
    return adminForm(
      { id: 'account-form' },
      [
        labelled(t('accounts.username'), el('input', { name: 'username', required: true, maxlength: 64 })),
        labelled(t('accounts.password'), passwordInput('password', 'new-password')),
        labelled(t('accounts.role'), this.roleSelect('viewer')),
      ],
      t('accounts.create'),
      ({ username, password, role }) =>
        this.change(
          () => this.api.post('/v1/accounts', { username, password, role }),
          t('accounts.created', { username: username ?? '' }),
        ),
    );
  }

  private roleSelect(chosen: AccountRole): HTMLSelectElement {
    return el(
      'select',
      { name: 'role' },
      ...ACCOUNT_ROLES.map((role) =>
        el('option', { value: role, selected: role === chosen }, t(`accounts.roles.${role}`)),
      ),
    );
  }

  private row(account: Account): HTMLTableRowElement {
    const self = account.id === this.api.session?.account?.id;
    const role = this.roleSelect(account.role);
    role.setAttribute('aria-label', t('accounts.role'));
    const saved = t('accounts.saved', { username: account.username });
    role.onchange = () =>
      this.change(() => this.api.patch(`/v1/accounts/${account.id}`, { role: role.value }), saved);
    const toggle = actionButton(
      t(account.disabled ? 'accounts.enable' : 'accounts.disable'),
      () =>
        this.change(
          () => this.api.patch(`/v1/accounts/${account.id}`, { disabled: !account.disabled }),
          saved,
        ),
      { name: 'toggle', danger: !account.disabled },
    );
    const reset = actionButton(t('accounts.resetPassword'), () => this.openReset(account), {
      name: 'reset',
    });
    const remove = this.confirmButton(
      t('accounts.delete'),
      {
        question: t('accounts.deleteConfirm', { username: account.username }),
        call: () => this.api.delete(`/v1/accounts/${account.id}`),
        success: t('accounts.deleted', { username: account.username }),
      },
      { name: 'delete' },
    );
    return el(
      'tr',
      { 'data-account': account.username },
      el('td', { translate: 'no' }, account.username),
      el('td', {}, role),
      el('td', {}, t(account.disabled ? 'accounts.stateDisabled' : 'accounts.stateActive')),
      el('td', {}, account.last_sign_in_at ? formatDateTime(account.last_sign_in_at) : t('accounts.never')),
      el('td', {}, formatDateTime(account.created_at)),
      el('td', { class: 'actions' }, reset, !self && toggle, !self && remove),
    );
  }

  /** An admin sets a new password for someone; all of that person's sessions end. */
  private openReset(account: Account): void {
    openFormDialog({
      id: 'reset-form',
      title: t('accounts.resetTitle', { username: account.username }),
      intro: t('accounts.resetIntro'),
      fields: [labelled(t('accounts.newPassword'), passwordInput('password', 'new-password'))],
      submitLabel: t('accounts.resetPassword'),
      submit: async (form) => {
        const { password } = formValues(form);
        await this.api.post(`/v1/accounts/${account.id}/password`, { password });
        say(this.message, t('accounts.passwordReset', { username: account.username }), true);
      },
    });
  }
}
