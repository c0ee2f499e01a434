import { encodeEmbedding, type Person } from '@attendance/protocol';
import type { ApiClient } from '../client/api-client.js';
import { ApiError, NetworkError, describeError } from '@attendance/api-client';
import { EdgeError } from '../errors.js';

export type EnrollmentOutcome =
  | { readonly kind: 'enrolled'; readonly person: Person }
  | { readonly kind: 'duplicate'; readonly reason: string }
  | { readonly kind: 'refused'; readonly reason: string }
  | { readonly kind: 'failed'; readonly reason: string };

/**
 * Creates the person with all templates in one request (atomic on the server). Duplicates (the face or
 * the external id is already enrolled) are reported as such; see {@link stopsTheRun} for what aborts.
 */
export async function enrollPerson(
  client: ApiClient,
  person: { name: string; externalId: string | null; role: string; model: string },
  embeddings: readonly Float32Array[],
): Promise<EnrollmentOutcome> {
  if (embeddings.length === 0) return { kind: 'refused', reason: 'no usable face in any photo' };
  try {
    const created = await client.createPerson({
      name: person.name,
      external_id: person.externalId,
      role: person.role,
      active: true,
      templates: {
        model: person.model,
        embeddings: embeddings.map((embedding) => encodeEmbedding(embedding, 'float32')),
      },
    });
    return { kind: 'enrolled', person: created };
  } catch (error) {
    if (error instanceof ApiError && error.code === 'duplicate_face') {
      return { kind: 'duplicate', reason: `face already enrolled (${error.message})` };
    }
    if (error instanceof ApiError && error.code === 'duplicate_external_id') {
      return { kind: 'duplicate', reason: `id already enrolled (${error.message})` };
    }
    if (stopsTheRun(error)) throw enrollmentFailure(error);
    return { kind: 'failed', reason: describeError(error) };
  }
}

/**
 * Errors that stop a whole run rather than one person: an unreachable server (instead of failing every
 * remaining person one by one) and a refused API key.
 */
export function stopsTheRun(error: unknown): boolean {
  return (
    error instanceof NetworkError ||
    (error instanceof ApiError && (error.status === 401 || error.status === 403))
  );
}

/** The CLI error for `error`: network exit code when unreachable, configuration for a refused key. */
export function enrollmentFailure(error: unknown): EdgeError {
  if (error instanceof NetworkError) {
    return new EdgeError('network', `server unreachable: ${error.message}`, { cause: error });
  }
  if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
    return new EdgeError('config', `the server refused the API key: ${describeError(error)}`);
  }
  return new EdgeError('failure', describeError(error), { cause: error });
}
