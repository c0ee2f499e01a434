import { encodeEmbedding, type Person } from '@attendance/protocol';
import type { ApiClient } from '../client/api-client.js';
import { ApiError, describeError } from '@attendance/api-client';
import { EdgeError } from '../errors.js';
import { enrollmentFailure, stopsTheRun, type EnrollmentOutcome } from './person-enrollment.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The enrolled person `ref` names: the server's person id (a UUID) or an external (employee) id, matched
 * exactly. Not found is a usage error that says which was looked for.
 */
export async function findPerson(client: ApiClient, ref: string): Promise<Person> {
  try {
    if (UUID.test(ref)) return await client.getPerson(ref);
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) throw enrollmentFailure(error);
  }
  let page;
  try {
    page = await client.listPeople({ q: ref, limit: 500 });
  } catch (error) {
    throw enrollmentFailure(error);
  }
  const matches = page.items.filter((person) => person.external_id === ref);
  const [only] = matches;
  if (only && matches.length === 1) return only;
  throw new EdgeError(
    'usage',
    `no enrolled person has the id or external id "${ref}" (see the dashboard's People page, or ` +
      'enroll them without --add)',
  );
}

/** Adds templates to an existing person (one request: all are added, or none). */
export async function addTemplates(
  client: ApiClient,
  person: Person,
  model: string,
  embeddings: readonly Float32Array[],
): Promise<EnrollmentOutcome> {
  if (embeddings.length === 0) return { kind: 'refused', reason: 'no usable face in any photo' };
  try {
    const added = await client.addTemplates(person.id, {
      model,
      embeddings: embeddings.map((embedding) => encodeEmbedding(embedding, 'float32')),
    });
    return {
      kind: 'enrolled',
      person: { ...person, template_count: person.template_count + added.items.length },
    };
  } catch (error) {
    if (error instanceof ApiError && error.code === 'duplicate_face') {
      return { kind: 'duplicate', reason: `face already enrolled for another person (${error.message})` };
    }
    if (stopsTheRun(error)) throw enrollmentFailure(error);
    return { kind: 'failed', reason: describeError(error) };
  }
}
