import { ACCOUNT_ROLES, type Account, type AccountRole } from '@attendance/protocol';
import { t } from '../i18n/i18n.js';
import type { ApiClient } from '../shared/api-client.js';
import { el, formatDateTime, replaceChildren } from '../shared/dom.js';
import { failureText, formValues, labelled, RenderedView, say } from './rendered-view.js';
import { table } from './table.js';

const passwordInput = (name: string, autocomplete: string) =>
  el('input', { name, type: 'password', autocomplete, minlength: 10, maxlength: 256, required: true });

/**
 * Accounts. Everyone signed in with a password changes their own password here; admins also create
 * accounts, change roles, reset another person's password and disable or re-enable an account.
 */
export class AccountsView extends RenderedView {
  private accounts: Account[] = [];
  private readonly message = el('p', { class: 'notice', role: 'status' });

  constructor(
    private readonly api: ApiClient,
    root: HTMLElement,
  ) {
    super(root);
  }

  protected async load(): Promise<void> {
    if (!this.api.hasScope('admin')) return;
    this.accounts = (await this.api.get<{ items: Account[] }>('/v1/accounts')).items;
  }

  protected render(): void {
    const admin = this.api.hasScope('admin');
    replaceChildren(
      this.root,
      el('h2', {}, t('accounts.title')),
      this.message,
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
    const form = el(
      'form',
      { id: 'own-password-form', class: 'toolbar' },
      labelled(t('accounts.currentPassword'), passwordInput('current_password', 'current-password')),
      labelled(t('accounts.newPassword'), passwordInput('new_password', 'new-password')),
      el('button', { type: 'submit', class: 'primary' }, t('accounts.changePassword')),
    );
    form.onsubmit = (event) => {
      event.preventDefault();
      const { current_password, new_password } = formValues(form);
      this.run(t('accounts.passwordChanged'), () =>
        this.api.post('/ui/api/session/password', { current_password, new_password }),
      );
    };
    return form;
  }

  private createForm(): HTMLFormElement {
    const form = el(
      'form',
      { id: 'account-form', class: 'toolbar' },
      labelled(t('accounts.username'), el('input', { name: 'username', required: true, maxlength: 64 })),
      labelled(t('accounts.password'), passwordInput('password', 'new-password')),
      labelled(t('accounts.role'), this.roleSelect('viewer')),
      el('button', { type: 'submit', class: 'primary' }, t('accounts.create')),
    );
    form.onsubmit = (event) => {
      event.preventDefault();
      const { username, password, role } = formValues(form);
      this.run(t('accounts.created', { username: username ?? '' }), () =>
        this.api.post('/v1/accounts', { username, password, role }),
      );
    };
    return form;
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
    role.onchange = () =>
      this.run(t('accounts.saved', { username: account.username }), () =>
        this.api.patch(`/v1/accounts/${account.id}`, { role: role.value }),
      );
    const toggle = el(
      'button',
      { type: 'button', name: 'toggle', class: account.disabled ? '' : 'danger' },
      t(account.disabled ? 'accounts.enable' : 'accounts.disable'),
    );
    toggle.onclick = () =>
      this.run(t('accounts.saved', { username: account.username }), () =>
        this.api.patch(`/v1/accounts/${account.id}`, { disabled: !account.disabled }),
      );
    const reset = el('button', { type: 'button', name: 'reset' }, t('accounts.resetPassword'));
    reset.onclick = () => this.openReset(account);
    return el(
      'tr',
      { 'data-account': account.username },
      el('td', { translate: 'no' }, account.username),
      el('td', {}, role),
      el('td', {}, t(account.disabled ? 'accounts.stateDisabled' : 'accounts.stateActive')),
      el('td', {}, account.last_sign_in_at ? formatDateTime(account.last_sign_in_at) : t('accounts.never')),
      el('td', {}, formatDateTime(account.created_at)),
      el('td', { class: 'actions' }, reset, !self && toggle),
    );
  }

  /** An admin sets a new password for someone; all of that person's sessions end. */
  private openReset(account: Account): void {
    const error = el('p', { class: 'error', role: 'alert' });
    const form = el(
      'form',
      { method: 'dialog', id: 'reset-form' },
      el('h2', {}, t('accounts.resetTitle', { username: account.username })),
      el('p', { class: 'muted' }, t('accounts.resetIntro')),
      labelled(t('accounts.newPassword'), passwordInput('password', 'new-password')),
      error,
      el(
        'div',
        { class: 'toolbar' },
        el('button', { type: 'submit', class: 'primary' }, t('accounts.resetPassword')),
        el('button', { type: 'button', onclick: () => dialog.close() }, t('common.cancel')),
      ),
    );
    const dialog = el('dialog', {}, form);
    form.onsubmit = (event) => {
      event.preventDefault();
      const { password } = formValues(form);
      this.api.post(`/v1/accounts/${account.id}/password`, { password }).then(
        () => {
          dialog.close();
          say(this.message, t('accounts.passwordReset', { username: account.username }), true);
        },
        (failure: unknown) => {
          error.textContent = failureText(failure);
        },
      );
    };
    dialog.addEventListener('close', () => dialog.remove());
    document.body.append(dialog);
    dialog.showModal();
  }

  private run(success: string, call: () => Promise<unknown>): void {
    call().then(
      () => {
        say(this.message, success, true);
        void this.refresh();
      },
      (failure: unknown) => say(this.message, failureText(failure), false),
    );
  }
}
