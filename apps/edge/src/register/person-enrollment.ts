import { encodeEmbedding, type Person } from '@attendance/protocol';
import type { ApiClient } from '../client/api-client.js';
import { ApiError, NetworkError, describeError } from '../client/api-errors.js';
import { CliError } from '../cli/cli-error.js';

export type EnrollmentOutcome =
  | { readonly kind: 'enrolled'; readonly person: Person }
  | { readonly kind: 'duplicate'; readonly reason: string }
  | { readonly kind: 'refused'; readonly reason: string }
  | { readonly kind: 'failed'; readonly reason: string };

/**
 * Creates the person with all templates in one request (atomic on the server). Duplicates (the face or
 * the external id is already enrolled) are reported as such; an unreachable server aborts the run
 * with the network exit code instead of failing every remaining person one by one.
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
    if (error instanceof NetworkError) {
      throw new CliError('network', `server unreachable: ${error.message}`, { cause: error });
    }
    if (error instanceof ApiError) {
      if (error.code === 'duplicate_face') {
        return { kind: 'duplicate', reason: `face already enrolled (${error.message})` };
      }
      if (error.code === 'duplicate_external_id') {
        return { kind: 'duplicate', reason: `id already enrolled (${error.message})` };
      }
      if (error.status === 401 || error.status === 403) {
        throw new CliError('config', `the server refused the API key: ${describeError(error)}`);
      }
    }
    return { kind: 'failed', reason: describeError(error) };
  }
}
