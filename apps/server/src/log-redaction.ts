/**
 * Query parameters whose values are logged as sent: paging, dates, ids of cameras and people, flags. Every
 * other value — `api_key`, `key`, `token`, the people search `q`, names, anything unknown — is logged as
 * `[redacted]`: a browser WebSocket client cannot set headers, so a key in the URL is a likely mistake, and a
 * search term is personal data.
 */
const LOGGED_QUERY_VALUES = new Set([
  'limit',
  'offset',
  'skip',
  'from',
  'to',
  'date',
  'since',
  'person_id',
  'camera_id',
  'active',
  'events',
  'model',
]);

/** A parameter name worth keeping in the log; anything else (a secret pasted as a name) is redacted too. */
const PLAIN_NAME = /^[a-z][a-z0-9_]{0,31}$/i;

export const REDACTED = '[redacted]';

/** `/v1/people?q=Alice&limit=5&api_key=sa_…` → `/v1/people?q=[redacted]&limit=5&api_key=[redacted]`. */
export function redactUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const start = url.indexOf('?');
  if (start < 0) return url;
  const query = url
    .slice(start + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const name = equals < 0 ? pair : pair.slice(0, equals);
      if (!PLAIN_NAME.test(name)) return REDACTED;
      if (equals < 0) return name;
      return LOGGED_QUERY_VALUES.has(name.toLowerCase()) ? pair : `${name}=${REDACTED}`;
    })
    .join('&');
  return `${url.slice(0, start)}?${query}`;
}

interface LoggableRequest {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  headers?: Record<string, unknown>;
  socket?: { remotePort?: number };
}

/** pino `req` serializer: Fastify's fields, with the query string redacted. */
export function serializeRequest(req: LoggableRequest): Record<string, unknown> {
  return {
    method: req.method,
    url: redactUrl(req.url),
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}
