import { ApiError, type ApiClient } from '../shared/api-client.js';
import { byId } from '../shared/dom.js';

/** Shows the sign-in card; `onSignedIn` runs once a key was accepted. */
export function showLogin(api: ApiClient, onSignedIn: () => void): void {
  byId('login-view').hidden = false;
  const form = byId<HTMLFormElement>('login-form');
  const error = byId('login-error');
  form.onsubmit = (event) => {
    event.preventDefault();
    const key = new FormData(form).get('api_key');
    if (typeof key !== 'string' || !key) return;
    error.textContent = '';
    api.login(key).then(
      () => {
        form.reset();
        onSignedIn();
      },
      (failure: unknown) => {
        error.textContent = failure instanceof ApiError ? failure.message : 'Sign-in failed';
      },
    );
  };
}
