import type { ErrorBody, ErrorCode } from '@attendance/protocol';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isDatabaseUnavailable } from '../db/database-unavailable.js';
import { AppError, statusForCode } from '../errors.js';
import type { DatabaseOutageLog } from './database-outage-log.js';

/** Seconds a client should wait before retrying while the database is unreachable (it reconnects by itself). */
export const DATABASE_RETRY_AFTER_SECONDS = 2;

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'body_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'validation_failed',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_VALIDATION: 'validation_failed',
};

/** Validation problems listed in an error answer; the message gives the total. */
export const MAX_VALIDATION_DETAILS = 20;
/** Longest path or message of one listed problem (an unknown-keys message names every key). */
const MAX_DETAIL_CHARS = 200;
export const clipDetail = (text: string) =>
  text.length > MAX_DETAIL_CHARS ? `${text.slice(0, MAX_DETAIL_CHARS - 1)}…` : text;

export const validationMessage = (total: number, listed: number) =>
  total > listed
    ? `request validation failed: ${total} problems, the first ${listed} listed`
    : 'request validation failed';

const send = (reply: FastifyReply, status: number, error: ErrorBody['error']) =>
  reply.status(status).type('application/json; charset=utf-8').send({ error });

/** Maps an error of any kind to `{ error: { code, message, request_id, details? } }`. */
function toErrorBody(error: unknown, request: FastifyRequest): { status: number; body: ErrorBody['error'] } {
  const request_id = request.id;
  if (isDatabaseUnavailable(error)) {
    return {
      status: 503,
      body: { code: 'database_unavailable', message: 'database unavailable, retry later', request_id },
    };
  }
  if (error instanceof AppError) {
    const body = { code: error.code, message: error.message, request_id };
    return {
      status: error.status,
      body: error.details === undefined ? body : { ...body, details: error.details },
    };
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    // Paths and messages only: never echo input values back (they may be embeddings). A body with thousands
    // of bad items gets the first few and a count, so the answer stays small whatever the body held.
    const issues = error.validation;
    const details = issues.slice(0, MAX_VALIDATION_DETAILS).map((issue) => ({
      path: clipDetail(`${error.validationContext ?? 'request'}${issue.instancePath}`),
      message: clipDetail(issue.message ?? 'invalid'),
    }));
    const message = validationMessage(issues.length, details.length);
    return { status: 400, body: { code: 'validation_failed', message, request_id, details } };
  }
  const fastifyError = error as Partial<FastifyError>;
  const mapped = fastifyError.code ? FASTIFY_CODES[fastifyError.code] : undefined;
  if (mapped) {
    return {
      status: statusForCode(mapped),
      body: { code: mapped, message: fastifyError.message ?? mapped, request_id },
    };
  }
  if (error instanceof SyntaxError) {
    return { status: 400, body: { code: 'invalid_json', message: 'body is not valid JSON', request_id } };
  }
  const status = fastifyError.statusCode ?? 500;
  if (status === 429) {
    return { status, body: { code: 'rate_limited', message: 'too many requests', request_id } };
  }
  if (status >= 400 && status < 500) {
    return {
      status,
      body: { code: 'validation_failed', message: fastifyError.message ?? 'bad request', request_id },
    };
  }
  return { status: 500, body: { code: 'internal', message: 'Internal Server Error', request_id } };
}

function describeCause(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return cause instanceof Error ? cause.message : String(cause);
}

/**
 * One error handler and one not-found handler for the whole app; 5xx never leak details. Requests refused
 * while the database is unavailable are logged through `outageLog` (a few lines per outage, not one each).
 */
export function registerErrorHandling(app: FastifyInstance, outageLog: DatabaseOutageLog): void {
  app.setErrorHandler((error, request, reply) => {
    const { status, body } = toErrorBody(error, request);
    if (body.code === 'database_unavailable') {
      // Expected during a database restart: no stack, no line per request, and a hint for the client.
      outageLog.refused(describeCause(error), request.log);
      reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
    } else if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: body.code, status }, 'request rejected');
    return send(reply, status, body);
  });
  app.setNotFoundHandler((request, reply) =>
    send(reply, 404, {
      code: 'route_not_found',
      message: `no route ${request.method} ${request.url.split('?')[0] ?? ''}`,
      request_id: request.id,
    }),
  );
}
