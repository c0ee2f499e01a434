import type { FastifyInstance } from 'fastify';

/** RFC 6455 1001: the endpoint is going away (server shutdown); clients may reconnect to another instance. */
export const GOING_AWAY = 1001;

/**
 * `preClose` for @fastify/websocket: on server close, every WebSocket (viewers, cameras, kiosks) gets a close
 * frame with 1001 instead of the plugin's default code-less close, so clients can tell a shutdown from an
 * error and reconnect. Registered HTTP requests in flight are not affected; Fastify lets them finish.
 */
export function closeWebSocketsGoingAway(this: FastifyInstance, done: () => void): void {
  for (const client of this.websocketServer.clients) client.close(GOING_AWAY, 'server shutting down');
  this.websocketServer.close();
  done();
}
