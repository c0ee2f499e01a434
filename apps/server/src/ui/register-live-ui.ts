import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import { closeWebSocketsGoingAway } from '../relay/going-away-pre-close.js';
import type { RelayLimits } from '../relay/relay-config.js';
import type { RelayHub } from '../relay/relay-hub.js';
import { liveRelayPlugin } from '../relay/relay-plugin.js';
import { liveSocketErrorHandler } from '../relay/ws-error-handler.js';
import { apiKeyHeader, type AccessResolver, type ApiKeyVerifier } from './access-grant.js';
import { registerBrowserModelRoutes } from './browser-model-routes.js';
import { registerDashboardSessionHook } from './dashboard-session-hook.js';
import type { ModelFilesCheck } from './model-files-check.js';
import { OriginPolicy } from './origin-policy.js';
import { SessionStore } from './session-store.js';
import { registerSessionRoutes } from './session-routes.js';
import { registerStaticRoutes } from './static-routes.js';
import type { UiConfig } from './ui-config.js';

/** Everything the live relay, dashboard and kiosk need from the composition root. */
export interface LiveUiDeps {
  hub: RelayHub;
  limits: RelayLimits;
  ui: UiConfig;
  verifyApiKey: ApiKeyVerifier;
  /** Status of the model files in MODELS_DIR (Status page, kiosk, edges' start-up check). */
  modelFiles: ModelFilesCheck;
  /** The installation's time zone (ATTENDANCE_TIMEZONE): the dashboard shows times in it. */
  timeZone?: string;
}

interface LiveUiState {
  sessions: SessionStore;
  originPolicy: OriginPolicy;
}

const states = new WeakMap<LiveUiDeps, LiveUiState>();

function stateOf(deps: LiveUiDeps): LiveUiState {
  let state = states.get(deps);
  if (!state) {
    state = {
      sessions: new SessionStore(deps.ui.sessionTtlMs),
      originPolicy: new OriginPolicy(deps.ui.allowedOrigins),
    };
    states.set(deps, state);
  }
  return state;
}

/**
 * Call BEFORE the API-key auth hook is added: the session hook turns a session cookie into the key that
 * hook checks, and @fastify/websocket's hooks must run before any hook that can refuse an upgrade (or the
 * refused upgrade socket is never destroyed and the server cannot close).
 */
export async function registerDashboardSession(app: FastifyInstance, deps: LiveUiDeps): Promise<void> {
  await app.register(websocket, {
    options: { maxPayload: deps.limits.maxFrameBytes },
    preClose: closeWebSocketsGoingAway,
    errorHandler: liveSocketErrorHandler,
  });
  const { sessions, originPolicy } = stateOf(deps);
  registerDashboardSessionHook(app, {
    sessions,
    originPolicy,
    remoteDashboard: deps.ui.remoteDashboard,
    trustedProxies: deps.ui.trustedProxies,
  });
}

/** Call after the API routes: live sockets, session login, model files and the built pages. */
export async function registerLiveUi(app: FastifyInstance, deps: LiveUiDeps): Promise<void> {
  const { sessions, originPolicy } = stateOf(deps);
  const resolveAccess: AccessResolver = async (request) => {
    const session = request.dashboardSession;
    if (session) {
      const key = await deps.verifyApiKey(session.apiKey);
      return key ? { scopes: key.scopes, via: 'session' } : null;
    }
    const header = apiKeyHeader(request);
    const key = header ? await deps.verifyApiKey(header) : null;
    return key ? { scopes: key.scopes, via: 'api_key' } : null;
  };
  await app.register(liveRelayPlugin, { hub: deps.hub, resolveAccess, originPolicy, limits: deps.limits });
  registerSessionRoutes(app, {
    sessions,
    verifyApiKey: deps.verifyApiKey,
    originPolicy,
    sessionTtlMs: deps.ui.sessionTtlMs,
    secureCookies: deps.ui.remoteDashboard,
  });
  registerBrowserModelRoutes(app, {
    ui: deps.ui,
    resolveAccess,
    modelFiles: deps.modelFiles,
    timeZone: deps.timeZone ?? 'UTC',
  });
  await registerStaticRoutes(app, deps.ui.webDistDir);
}
