import type { Page } from 'playwright-core';
import type { TestServer } from '../../support/test-server.js';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** An API call with the server's admin key, in process; any non-2xx answer throws with its body. */
export function adminApi(server: () => TestServer) {
  return async <T>(method: Method, url: string, payload?: object): Promise<T> => {
    const response = await server().app.inject({
      method,
      url,
      headers: { 'x-api-key': server().adminKey },
      ...(payload ? { payload } : {}),
    });
    if (response.statusCode >= 300) {
      throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
    }
    return response.json<T>();
  };
}

/** Signs the dashboard in with the server's admin key and waits for the live connection. */
export async function signInWithAdminKey(page: Page, server: TestServer): Promise<void> {
  await page.goto(`${server.baseUrl ?? ''}/ui/`);
  await page.fill('input[name=api_key]', server.adminKey);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#live-state.live');
}

/** Clicks a page in the navigation and waits until it shows. */
export async function openView(page: Page, view: string): Promise<void> {
  await page.click(`#nav button[data-view=${view}]`);
  await page.waitForSelector(`#${view}-view:not([hidden])`);
}
