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

/** Signs in from the sign-in card on screen with an API key and waits for the live connection. */
export async function signIn(page: Page, apiKey: string): Promise<void> {
  await page.fill('input[name=api_key]', apiKey);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#live-state.live');
}

/** Opens the dashboard and signs it in with the server's admin key. */
export async function signInWithAdminKey(page: Page, server: TestServer): Promise<void> {
  await page.goto(`${server.baseUrl ?? ''}/ui/`);
  await signIn(page, server.adminKey);
}

/** Clicks a page in the navigation and waits until it shows. */
export async function openView(page: Page, view: string): Promise<void> {
  await page.click(`#nav button[data-view=${view}]`);
  await page.waitForSelector(`#${view}-view:not([hidden])`);
}

/** Every page the navigation offers, in its order: a walk over them covers pages added later too. */
export function navigationViews(page: Page): Promise<string[]> {
  return page
    .locator('#nav button[data-view]')
    .evaluateAll((buttons) =>
      buttons.map((button) => (button as unknown as { dataset: { view: string } }).dataset.view),
    );
}

/** Opens a page and gives it time to load and draw its rows, for a check of what it shows. */
export async function openViewWithRows(page: Page, view: string): Promise<void> {
  await openView(page, view);
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.waitForTimeout(500);
}
