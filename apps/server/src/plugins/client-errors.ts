import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { ErrorCode } from '@attendance/protocol';
import type { FastifyBaseLogger, FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { HttpLimits } from './security-config.js';

/** Node's HTTP server options that bound slow and oversized requests (slowloris, huge headers). */
export function httpServerOptions(limits: HttpLimits) {
  return {
    requestTimeout: limits.requestTimeoutMs,
    http: {
      headersTimeout: limits.headersTimeoutMs,
      maxHeaderSize: limits.maxHeaderBytes,
      // Node checks the two timeouts above on this interval (default 30 s), so they fire close to on time.
      connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs),
    },
  };
}

const CLIENT_ERRORS: Record<string, { status: number; code: ErrorCode; message: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, code: 'request_timeout', message: 'request not received in time' },
  HPE_HEADER_OVERFLOW: { status: 431, code: 'headers_too_large', message: 'request headers too large' },
};

/**
 * Errors Node raises before Fastify sees a request (timeouts, oversized headers, unparsable HTTP): answered
 * with the usual `{ error: { code, message } }` body, then the connection is closed.
 */
export function clientErrorHandler(logger: FastifyBaseLogger) {
  return (error: Error & { code?: string }, socket: Socket): void => {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const known = CLIENT_ERRORS[error.code ?? ''] ?? {
      status: 400,
      code: 'validation_failed' as const,
      message: 'malformed HTTP request',
    };
    logger.debug({ code: known.code, status: known.status }, 'client error');
    const body = JSON.stringify({ error: { code: known.code, message: known.message } });
    if (socket.writable) {
      socket.write(
        `HTTP/1.1 ${known.status} ${STATUS_CODES[known.status] ?? ''}\r\nContent-Type: application/json; charset=utf-8\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy();
  };
}

/**
 * Fastify's router errors (a path parameter over 100 characters, a URL that does not decode) answered like
 * every other bad request instead of in Fastify's own error format.
 */
export function frameworkErrorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  void reply
    .code(400)
    .type('application/json; charset=utf-8')
    .send({ error: { code: 'validation_failed', message: error.message, request_id: request.id } });
}
