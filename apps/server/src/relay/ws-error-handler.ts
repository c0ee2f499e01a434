import type { FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';

/** What `ws` reports when a peer sends a message over `maxPayload` (it then closes with 1009). */
const OVERSIZED = 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH';

/**
 * @fastify/websocket's error handler for every live socket. A frame over LIVE_MAX_FRAME_BYTES is a client's
 * mistake, not a server fault: one warn line with its code, no stack. Anything else stays an error.
 */
export function liveSocketErrorHandler(
  error: Error & { code?: string },
  socket: WebSocket,
  request: FastifyRequest,
): void {
  if (error.code === OVERSIZED) {
    request.log.warn({ code: error.code }, 'live socket closed: message over LIVE_MAX_FRAME_BYTES');
  } else {
    request.log.error({ err: error }, 'live socket error');
  }
  socket.terminate();
}
