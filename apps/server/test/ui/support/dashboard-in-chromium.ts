import { afterAll, beforeAll } from 'vitest';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { launchChromium } from './chromium.js';
import { ensureWebBuild } from './web-build.js';

export type Chromium = Awaited<ReturnType<typeof launchChromium>>;

/** What a browser suite drives; read inside hooks and tests, once the suite's set-up has run. */
export interface DashboardInChromium {
  readonly server: TestServer;
  readonly browser: Chromium;
}

export interface DashboardInChromiumOptions {
  /** Server configuration beside the defaults of `startTestServer`. */
  env?: Record<string, string>;
  /** Rows the pages should show, written before the browser starts. */
  seed?: (server: TestServer) => Promise<void>;
  /** Extra Chromium flags (a fake camera, for instance). */
  chromiumArgs?: string[];
}

/**
 * Registers the set-up and tear-down of a browser suite in the enclosing `describe`: the web build, a
 * listening server on its own PGlite database, `seed`, then Chromium; both closed after the suite.
 * Hooks the suite registers afterwards run after this set-up.
 */
export function dashboardInChromium(options: DashboardInChromiumOptions = {}): DashboardInChromium {
  let server: TestServer | undefined;
  let browser: Chromium | undefined;

  beforeAll(async () => {
    await ensureWebBuild();
    server = await startTestServer({
      driver: 'pglite',
      listen: true,
      ...(options.env ? { env: options.env } : {}),
    });
    await options.seed?.(server);
    browser = await launchChromium(options.chromiumArgs);
  }, 300_000); // the web build, the server with its models and Chromium, on a machine that may be busy
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  return {
    get server() {
      if (!server) throw new Error('the suite’s server is not started yet (read it inside a hook or test)');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('the suite’s browser is not started yet (read it inside a hook or test)');
      return browser;
    },
  };
}
