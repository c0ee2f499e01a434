import type { FastifyInstance } from 'fastify';

/**
 * Every response says: do not sniff, do not frame, send no referrer. API responses (JSON) get a CSP that
 * allows nothing, so a response opened directly in a browser can run nothing; the dashboard pages and
 * /docs set their own page CSP, which is kept. HSTS when the dashboard is reachable remotely (which
 * requires HTTPS at the reverse proxy).
 */
export function registerResponseHeaders(app: FastifyInstance, options: { hsts: boolean }): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    void reply.header('x-content-type-options', 'nosniff');
    void reply.header('referrer-policy', 'no-referrer');
    void reply.header('x-frame-options', 'DENY');
    if (!reply.hasHeader('content-security-policy')) {
      void reply.header('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
    }
    if (options.hsts) void reply.header('strict-transport-security', 'max-age=31536000');
    return payload;
  });
}
