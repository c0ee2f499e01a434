import type { Candidate } from '../../src/repositories/template.repository.js';

/** A nearest-template candidate of an active person named after its id. */
export const candidate = (personId: string, similarity: number): Candidate => ({
  personId,
  name: personId,
  externalId: null,
  active: true,
  similarity,
});
