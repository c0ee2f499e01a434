import { BulkEnrollSchema, type BulkEnroll, type EmbeddingWire } from '@attendance/protocol';
import secureJson from 'secure-json-parse';
import { clipDetail, MAX_VALIDATION_DETAILS } from '../../plugins/error-handler.js';

export type ParsedBulkBody =
  | { ok: true; value: BulkEnroll }
  | { ok: false; code: 'invalid_json'; message: string }
  | { ok: false; code: 'validation_failed'; total: number; details: { path: string; message: string }[] };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Everything the server does with a `POST /v1/people/bulk` body before the import: UTF-8 decoding (invalid
 * bytes refused), JSON parsing that refuses `__proto__` / `constructor.prototype` keys (as Fastify's own
 * parser does), validation against BulkEnrollSchema, and the number-array embeddings turned into float32
 * base64 (bit-identical after decoding: the server reads number arrays as float32 too), which is compact to
 * hand from a worker thread to the event loop's. Problems answer like every other route: `invalid_json`, or
 * `validation_failed` with the first problems and their count.
 */
export function parseBulkBody(bytes: Uint8Array): ParsedBulkBody {
  let parsed: unknown;
  try {
    parsed = secureJson.parse(utf8.decode(bytes), undefined, {
      protoAction: 'error',
      constructorAction: 'error',
    });
  } catch (error) {
    const message = error instanceof TypeError ? 'body is not valid UTF-8' : 'body is not valid JSON';
    return { ok: false, code: 'invalid_json', message };
  }
  const result = BulkEnrollSchema.safeParse(parsed);
  if (!result.success) {
    const { issues } = result.error;
    return {
      ok: false,
      code: 'validation_failed',
      total: issues.length,
      details: issues.slice(0, MAX_VALIDATION_DETAILS).map((issue) => ({
        path: clipDetail(`body/${issue.path.map(String).join('/')}`),
        message: clipDetail(issue.message),
      })),
    };
  }
  for (const person of result.data.people) person.embeddings = person.embeddings.map(compact);
  return { ok: true, value: result.data };
}

/** A number array as float32 base64 when every value is a finite float32; otherwise left for the decoder to name. */
function compact(wire: EmbeddingWire): EmbeddingWire {
  if (!Array.isArray(wire)) return wire;
  const values = Float32Array.from(wire);
  for (const value of values) if (!Number.isFinite(value)) return wire;
  return { dtype: 'float32', base64: Buffer.from(values.buffer).toString('base64') };
}
