import { randomUUID } from 'node:crypto';
import type { BulkEnroll, BulkEnrollResult } from '@attendance/protocol';
import type { Database } from '../db/database.js';
import { isUniqueViolation } from '../db/sql-values.js';
import { AppError } from '../errors.js';
import type { BulkEnrollmentRepository, BulkPersonRow } from '../repositories/bulk-enrollment.repository.js';
import type { TemplateRepository } from '../repositories/template.repository.js';
import { assertNoDuplicateFace, lockModelEnrollment } from './duplicate-face.js';
import type { Caller, EnrollmentOptions } from './enrollment.service.js';
import { toUnitEmbeddingBulk } from './bulk-embedding.js';
import type { ModelRegistry } from './model-registry.service.js';

/**
 * Imports many people with their face templates per request: every embedding is validated first, then the
 * batch is written in one transaction with one multi-row insert per table (all or nothing). With
 * `check_duplicates` each person's faces are searched against the gallery (including the people inserted
 * earlier in the same batch) before they are inserted, under the same per-model lock as single enrollment.
 */
export class BulkEnrollmentService {
  constructor(
    private readonly db: Database,
    private readonly bulk: BulkEnrollmentRepository,
    private readonly templates: TemplateRepository,
    private readonly models: ModelRegistry,
    private readonly options: EnrollmentOptions,
  ) {}

  async enroll(request: BulkEnroll, caller: Caller): Promise<BulkEnrollResult> {
    const vectors = await this.#decode(request);
    const people: BulkPersonRow[] = request.people.map((p) => ({
      id: randomUUID(),
      name: p.name,
      externalId: p.external_id ?? null,
      role: p.role,
      active: p.active,
    }));
    const personIds = people.flatMap((person, i) => vectors[i]?.map(() => person.id) ?? []);
    const flat = vectors.flat();
    try {
      await this.db.transaction(async (tx) => {
        const model = await this.models.ensure(tx, request.model, flat[0]?.length ?? 0);
        await this.bulk.insertPeople(tx, people);
        if (!request.check_duplicates) {
          await this.bulk.insertTemplates(tx, { model: model.id, dim: model.dim, personIds, vectors: flat });
          return;
        }
        await lockModelEnrollment(tx, model.id);
        await this.templates.setEfSearch(tx, this.options.efSearch);
        for (const [i, person] of people.entries()) {
          const own = vectors[i] ?? [];
          await assertNoDuplicateFace(tx, this.templates, {
            model,
            personId: person.id,
            vectors: own,
            duplicateThreshold: this.options.duplicateThreshold,
            candidates: this.options.candidates,
            isAdmin: caller.isAdmin,
          });
          await this.bulk.insertTemplates(tx, {
            model: model.id,
            dim: model.dim,
            personIds: own.map(() => person.id),
            vectors: own,
          });
        }
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AppError('duplicate_external_id', 'an external_id is already used by another person');
      }
      throw error;
    }
    return {
      people: people.map((p) => ({ id: p.id, external_id: p.externalId })),
      templates: flat.length,
    };
  }

  /** Every embedding decoded, normalised and of one dimension (the model's, once registered). */
  async #decode(request: BulkEnroll): Promise<Float32Array[][]> {
    const known = await this.models.find(request.model);
    let dim = known?.dim;
    return request.people.map((person, i) =>
      person.embeddings.map((wire, j) => {
        const vector = toUnitEmbeddingBulk(wire, dim, `people[${i}].embeddings[${j}]`);
        dim ??= vector.length;
        return vector;
      }),
    );
  }
}
