import { ApiError, type ApiClient } from '../shared/api-client.js';
import { localize, t } from '../i18n/i18n.js';
import { byId } from '../shared/dom.js';

const fields = (form: HTMLFormElement) =>
  Object.fromEntries(
    [...new FormData(form)].map(([name, value]) => [name, typeof value === 'string' ? value : value.name]),
  );

interface SetupState {
  needs_first_admin: boolean;
  /** The OpenID Connect provider's name when sign-in through it is set up. */
  oidc_provider: string | null;
}

/** "Sign in with <provider>": a plain link, the server takes the browser to the provider and back. */
function showProviderButton(provider: string | null): void {
  const button = byId('oidc-sign-in');
  button.hidden = provider === null;
  if (provider !== null) {
    const link = button.querySelector('a');
    if (link) localize(link, 'login.withProvider', { provider });
  }
}

/**
 * Shows the sign-in card: username and password, an API key (kiosks, scripts), and on a fresh install the
 * first-admin form (admin key + username + password). `onSignedIn` runs once the server accepted one.
 */
export function showLogin(api: ApiClient, onSignedIn: () => void): void {
  byId('login-view').hidden = false;
  const error = byId('login-error');
  const submit = (form: HTMLFormElement, send: (values: Record<string, string>) => Promise<unknown>) => {
    form.onsubmit = (event) => {
      event.preventDefault();
      error.textContent = '';
      send(fields(form)).then(
        () => {
          form.reset();
          onSignedIn();
        },
        (failure: unknown) => {
          error.textContent = failure instanceof ApiError ? failure.message : t('login.failed');
        },
      );
    };
  };
  submit(byId<HTMLFormElement>('login-form'), (values) => api.login(values.api_key ?? ''));
  submit(byId<HTMLFormElement>('password-form'), (values) => api.login(values));
  const setup = byId<HTMLFormElement>('setup-form');
  submit(setup, (values) => api.login(values, '/ui/api/setup'));
  void fetch('/ui/api/setup', { credentials: 'same-origin' })
    .then((response) => (response.ok ? (response.json() as Promise<SetupState>) : null))
    .then((state) => {
      setup.hidden = !state?.needs_first_admin;
      showProviderButton(state?.oidc_provider ?? null);
    })
    .catch(() => undefined);
}
