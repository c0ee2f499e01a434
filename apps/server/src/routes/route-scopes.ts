import type { ApiKeyScope } from '@attendance/protocol';

/**
 * `open` = no key needed (no personal data); otherwise the scope an API key or account must hold. Erasure,
 * the audit log, keys, accounts and model indexes stay admin-only; enrolling and correcting people is an
 * operator's job.
 */
export type RequiredScope = ApiKeyScope | 'open';

/**
 * Every route and the scope it requires, keyed `METHOD /path` with Fastify's path syntax. The auth hook
 * reads this table; a route missing from it requires `admin` (deny by default). HEAD follows GET.
 * Tests enumerate it to generate the auth matrix.
 */
export const ROUTE_SCOPES = {
  'GET /health': 'open',
  'GET /health/': 'open',
  'GET /health/db': 'open',
  'GET /health/ready': 'open',
  'GET /health/live': 'open',
  // Counts, latencies and camera ids; no personal data, but not for anyone on the network either.
  'GET /metrics': 'viewer',
  'POST /v1/identify': 'edge',
  'POST /attendance/identify': 'edge',
  'GET /v1/people': 'viewer',
  'GET /v1/people/:id': 'viewer',
  'GET /v1/people/:id/templates': 'viewer',
  'GET /v1/attendance': 'viewer',
  'GET /v1/attendance/days': 'viewer',
  'GET /v1/attendance/board': 'viewer',
  'GET /v1/attendance/report': 'viewer',
  'GET /v1/attendance/timesheet': 'viewer',
  'GET /v1/attendance/days/export': 'viewer',
  'GET /v1/attendance/report/export': 'viewer',
  'GET /v1/attendance/timesheet/export': 'viewer',
  'POST /v1/attendance/events': 'operator',
  'POST /v1/attendance/events/:id/void': 'operator',
  'POST /v1/attendance/events/:id/reassign': 'operator',
  'GET /attendance/history': 'viewer',
  'POST /v1/people': 'operator',
  'PATCH /v1/people/:id': 'operator',
  'POST /v1/people/:id/deactivate': 'operator',
  'DELETE /v1/people/:id': 'admin',
  'GET /v1/audit-log': 'admin',
  'POST /v1/people/:id/templates': 'operator',
  'DELETE /v1/people/:id/templates/:templateId': 'operator',
  'POST /v1/people/bulk': 'operator',
  'GET /v1/models/:id/index': 'admin',
  'POST /v1/models/:id/index': 'admin',
  'DELETE /v1/models/:id/index': 'admin',
  // Which recognizer this server expects: edges check it at start (admin keys pass too).
  'GET /v1/models/config': 'edge',
  'POST /persons/register': 'operator',
  'GET /v1/accounts': 'admin',
  'POST /v1/accounts': 'admin',
  'PATCH /v1/accounts/:id': 'admin',
  'DELETE /v1/accounts/:id': 'admin',
  'POST /v1/accounts/:id/password': 'admin',
  'POST /v1/accounts/:id/sessions/revoke': 'admin',
  'POST /v1/pairing-codes': 'admin',
  'GET /v1/pairing-codes': 'admin',
  // The pairing code is the credential; wrong codes are throttled per address (device.service.ts).
  'POST /v1/devices/pair': 'open',
  'GET /v1/devices': 'admin',
  'POST /v1/devices/:id/revoke': 'admin',
  'GET /v1/api-keys': 'admin',
  'POST /v1/api-keys': 'admin',
  'POST /v1/api-keys/:id/revoke': 'admin',
  'GET /v1/cameras': 'viewer',
  'PUT /v1/cameras/:id/liveness': 'admin',
  'PUT /v1/cameras/:id/role': 'admin',
  'PATCH /v1/cameras/:id': 'admin',
  'GET /v1/groups': 'viewer',
  'GET /v1/groups/:id': 'viewer',
  'POST /v1/groups': 'admin',
  'PUT /v1/groups/:id': 'admin',
  'DELETE /v1/groups/:id': 'admin',
  'PUT /v1/groups/:id/members/:personId': 'admin',
  'DELETE /v1/groups/:id/members/:personId': 'admin',
  'GET /v1/holidays': 'viewer',
  'PUT /v1/holidays/:day': 'admin',
  'DELETE /v1/holidays/:day': 'admin',
  'GET /v1/people/:id/leave': 'viewer',
  'POST /v1/people/:id/leave': 'admin',
  'DELETE /v1/people/:id/leave/:leaveId': 'admin',
  'POST /v1/spoof-events': 'edge',
  'GET /v1/spoof-events': 'viewer',
  'GET /v1/webhooks': 'admin',
  'POST /v1/webhooks': 'admin',
  'GET /v1/webhooks/:id': 'admin',
  'PATCH /v1/webhooks/:id': 'admin',
  'DELETE /v1/webhooks/:id': 'admin',
  'GET /v1/webhooks/:id/deliveries': 'admin',
  'POST /v1/webhooks/:id/deliveries/:deliveryId/redeliver': 'admin',
  'POST /v1/webhooks/:id/ping': 'admin',
  'GET /v1/live/publish': 'edge',
  'GET /v1/live/view': 'viewer',
  // The original's live routes (aliases of the two above).
  'GET /ws/video-input': 'edge',
  'GET /ws/stream': 'viewer',
  // Where to go from here: the dashboard, the API docs.
  'GET /': 'open',
  // Dashboard and kiosk: pages are public; their API routes check the session or key themselves.
  'GET /ui': 'open',
  'GET /ui/*': 'open',
  'GET /kiosk': 'open',
  'POST /ui/api/session': 'open',
  'GET /ui/api/session': 'open',
  'DELETE /ui/api/session': 'open',
  'POST /ui/api/session/password': 'open',
  'GET /ui/api/setup': 'open',
  'POST /ui/api/setup': 'open',
  // OpenID Connect sign-in: the provider authenticates; state, nonce and PKCE bind it to this browser.
  'GET /ui/api/oidc/start': 'open',
  'GET /ui/api/oidc/callback': 'open',
  'GET /ui/api/config': 'open',
  'GET /ui/api/models/:name': 'open',
} as const satisfies Record<string, RequiredScope>;

export type RouteKey = keyof typeof ROUTE_SCOPES;

/** Routes under these prefixes pass this hook: OpenAPI docs, and the dashboard/kiosk (they check key or session themselves). */
export const OPEN_PREFIXES = ['/docs', '/ui', '/kiosk'] as const;

/** The scope required for a route pattern; unknown routes need admin. */
export function requiredScope(method: string, url: string | undefined): RequiredScope {
  if (url === undefined) return 'open'; // no route matched: the 404 handler answers, nothing to protect
  if (OPEN_PREFIXES.some((prefix) => url === prefix || url.startsWith(`${prefix}/`))) return 'open';
  const key = `${method === 'HEAD' ? 'GET' : method} ${url}`;
  return (ROUTE_SCOPES as Record<string, RequiredScope>)[key] ?? 'admin';
}

/** Scopes that satisfy each requirement: admin ⊇ operator ⊇ viewer; edge stands apart (only admin covers it). */
const SATISFIED_BY: Record<ApiKeyScope, readonly ApiKeyScope[]> = {
  admin: ['admin'],
  operator: ['operator', 'admin'],
  viewer: ['viewer', 'operator', 'admin'],
  edge: ['edge', 'admin'],
};

/** True when a key (or account) holding `scopes` may call a route requiring `required`. */
export function isAllowed(scopes: readonly ApiKeyScope[], required: RequiredScope): boolean {
  return required === 'open' || scopes.some((scope) => SATISFIED_BY[required].includes(scope));
}
