import type { ErrorCode } from '@attendance/protocol';

const STATUS_BY_CODE: Record<ErrorCode, number> = {
  validation_failed: 400,
  invalid_json: 400,
  body_too_large: 413,
  unsupported_media_type: 415,
  embedding_dimension_mismatch: 422,
  embedding_not_finite: 422,
  embedding_zero_norm: 422,
  embedding_encoding_invalid: 422,
  unknown_model: 422,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  route_not_found: 404,
  duplicate_external_id: 409,
  duplicate_face: 409,
  person_inactive: 409,
  conflict: 409,
  rate_limited: 429,
  request_timeout: 408,
  headers_too_large: 431,
  liveness_required: 422,
  spoof_detected: 422,
  webhook_url_refused: 422,
  service_unavailable: 503,
  database_unavailable: 503,
  internal: 500,
};

/** HTTP status for a protocol error code. */
export function statusForCode(code: ErrorCode): number {
  return STATUS_BY_CODE[code];
}

/**
 * An expected failure with a stable protocol code. The error handler turns it into
 * `{ error: { code, message, request_id, details? } }`; `details` must never carry personal data unless the
 * caller is allowed to see it.
 */
export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppError';
    this.status = statusForCode(code);
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found`);
