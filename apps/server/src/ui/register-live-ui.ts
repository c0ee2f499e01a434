import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import { closeWebSocketsGoingAway } from '../relay/going-away-pre-close.js';
import type { RelayLimits } from '../relay/relay-config.js';
import type { RelayHub } from '../relay/relay-hub.js';
import { liveRelayPlugin } from '../relay/relay-plugin.js';
import { liveSocketErrorHandler } from '../relay/ws-error-handler.js';
import { accessResolver, type ApiKeyVerifier } from '../access/access-grant.js';
import { registerBrowserModelRoutes } from './browser-model-routes.js';
import { registerDashboardSessionHook } from './dashboard-session-hook.js';
import type { ModelFilesCheck } from './model-files-check.js';
import type { OriginPolicy } from '../access/origin-policy.js';
import type { SessionStore } from './session-store.js';
import type { AccountService } from '../accounts/account.service.js';
import { registerOidcRoutes, type OidcSignIn } from '../oidc/oidc-routes.js';
import { registerSessionRoutes } from './session-routes.js';
import { registerStaticRoutes } from './static-routes.js';
import type { UiConfig } from './ui-config.js';

/** Everything the live relay, dashboard and kiosk need from the composition root. */
export interface LiveUiDeps {
  hub: RelayHub;
  limits: RelayLimits;
  ui: UiConfig;
  verifyApiKey: ApiKeyVerifier;
  /** Dashboard sessions in the database, and the accounts that sign in to them. */
  sessions: SessionStore;
  accounts: AccountService;
  /** Status of the model files in MODELS_DIR (Status page, kiosk, edges' start-up check). */
  modelFiles: ModelFilesCheck;
  /** The installation's time zone (ATTENDANCE_TIMEZONE): the dashboard shows times in it. */
  timeZone?: string;
  /** Sign-in through an OpenID Connect provider; omitted or null when OIDC_ISSUER is unset. */
  oidc?: OidcSignIn | null;
}

/**
 * Call BEFORE the API-key auth hook is added: the session hook turns a session cookie into the key that
 * hook checks, and @fastify/websocket's hooks must run before any hook that can refuse an upgrade (or the
 * refused upgrade socket is never destroyed and the server cannot close).
 */
export async function registerDashboardSession(
  app: FastifyInstance,
  deps: LiveUiDeps,
  originPolicy: OriginPolicy,
): Promise<void> {
  await app.register(websocket, {
    options: { maxPayload: deps.limits.maxFrameBytes },
    preClose: closeWebSocketsGoingAway,
    errorHandler: liveSocketErrorHandler,
  });
  registerDashboardSessionHook(app, {
    sessions: deps.sessions,
    originPolicy,
    remoteDashboard: deps.ui.remoteDashboard,
    trustedProxies: deps.ui.trustedProxies,
  });
}

/** Call after the API routes: live sockets, session login, model files and the built pages. */
export async function registerLiveUi(
  app: FastifyInstance,
  deps: LiveUiDeps,
  originPolicy: OriginPolicy,
): Promise<void> {
  const resolveAccess = accessResolver(deps.verifyApiKey);
  await app.register(liveRelayPlugin, { hub: deps.hub, resolveAccess, originPolicy, limits: deps.limits });
  const cookieSettings = { sessionTtlMs: deps.ui.sessionTtlMs, secureCookies: deps.ui.remoteDashboard };
  registerSessionRoutes(app, {
    sessions: deps.sessions,
    accounts: deps.accounts,
    verifyApiKey: deps.verifyApiKey,
    originPolicy,
    oidcProviderName: deps.oidc?.client.providerName ?? null,
    ...cookieSettings,
  });
  registerOidcRoutes(app, { sessions: deps.sessions, oidc: deps.oidc ?? null, ...cookieSettings });
  registerBrowserModelRoutes(app, {
    ui: deps.ui,
    resolveAccess,
    modelFiles: deps.modelFiles,
    timeZone: deps.timeZone ?? 'UTC',
  });
  await registerStaticRoutes(app, deps.ui.webDistDir);
}
