import { z } from 'zod';

/**
 * Stable, machine-readable error codes. Clients switch on these; messages are for people and may change.
 */
export const ERROR_CODES = [
  'validation_failed',
  'body_too_large',
  'unsupported_media_type',
  'invalid_json',
  'embedding_dimension_mismatch',
  'embedding_not_finite',
  'embedding_zero_norm',
  'embedding_encoding_invalid',
  'unknown_model',
  'unauthorized',
  'forbidden',
  'not_found',
  'route_not_found',
  'duplicate_external_id',
  'duplicate_face',
  'person_inactive',
  'conflict',
  'rate_limited',
  'request_timeout',
  'headers_too_large',
  'liveness_required',
  'spoof_detected',
  'webhook_url_refused',
  'service_unavailable',
  'database_unavailable',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    request_id: z.string().optional(),
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;
