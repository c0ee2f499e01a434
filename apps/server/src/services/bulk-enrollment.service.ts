import { randomUUID } from 'node:crypto';
import type { BulkEnroll, BulkEnrollResult } from '@attendance/protocol';
import type { Database, Queryable } from '../db/database.js';
import { isUniqueViolation } from '../db/sql-values.js';
import { AppError } from '../errors.js';
import type { BulkEnrollmentRepository, BulkPersonRow } from '../repositories/bulk-enrollment.repository.js';
import type { TemplateRepository } from '../repositories/template.repository.js';
import { assertNoDuplicateFace, lockModelEnrollment } from './duplicate-face.js';
import type { Caller, EnrollmentOptions } from './enrollment.service.js';
import { toUnitEmbeddingBulk } from './bulk-embedding.js';
import type { EnrollmentLock } from './enrollment-lock.js';
import type { IdentifyActivity } from './identify-activity.js';
import type { ModelRegistry } from './model-registry.service.js';

/** People removed per transaction when a failed embedded import is undone. */
const REMOVE_PER_TRANSACTION = 50;

/**
 * Imports many people with their face templates per request: every embedding is validated first, then the
 * batch is written — on PostgreSQL in one transaction with one multi-row insert per table (all or nothing);
 * on embedded PGlite in short steps that give way to identifies, so the door does not wait behind an import.
 * With `check_duplicates` (the default) each person's faces are searched against the gallery (including the
 * people inserted earlier in the same batch) before they are inserted, serialised with single enrollment
 * (PostgreSQL: the per-model advisory lock; PGlite: the process's EnrollmentLock).
 */
export interface BulkEnrollmentServiceDeps {
  db: Database;
  bulk: BulkEnrollmentRepository;
  templates: TemplateRepository;
  models: ModelRegistry;
  options: EnrollmentOptions;
  lock: EnrollmentLock;
  /** Identifies in progress: the embedded import steps aside for them. */
  identifies: IdentifyActivity;
}

export class BulkEnrollmentService {
  constructor(private readonly deps: BulkEnrollmentServiceDeps) {}

  async enroll(request: BulkEnroll, caller: Caller): Promise<BulkEnrollResult> {
    const vectors = await this.#decode(request);
    const people: BulkPersonRow[] = request.people.map((p) => ({
      id: randomUUID(),
      name: p.name,
      externalId: p.external_id ?? null,
      role: p.role,
      active: p.active,
    }));
    if (this.deps.db.driver === 'pglite') {
      await this.#writePersonByPerson(request, people, vectors, caller);
    } else {
      await this.#writeInOneTransaction(request, people, vectors, caller);
    }
    return {
      people: people.map((p) => ({ id: p.id, external_id: p.externalId })),
      templates: vectors.reduce((sum, own) => sum + own.length, 0),
    };
  }

  /** PostgreSQL: the whole batch in one transaction, all or nothing (other connections keep serving). */
  async #writeInOneTransaction(
    request: BulkEnroll,
    people: BulkPersonRow[],
    vectors: Float32Array[][],
    caller: Caller,
  ): Promise<void> {
    const personIds = people.flatMap((person, i) => vectors[i]?.map(() => person.id) ?? []);
    const flat = vectors.flat();
    try {
      await this.deps.db.transaction(async (tx) => {
        const model = await this.deps.models.ensure(tx, request.model, flat[0]?.length ?? 0);
        await this.deps.bulk.insertPeople(tx, people);
        if (!request.check_duplicates) {
          await this.deps.bulk.insertTemplates(tx, {
            model: model.id,
            dim: model.dim,
            personIds,
            vectors: flat,
          });
          return;
        }
        await lockModelEnrollment(tx, model.id);
        await this.deps.templates.setEfSearch(tx, this.deps.options.efSearch);
        for (const [i, person] of people.entries()) {
          await this.#insertChecked(tx, model, person, vectors[i] ?? [], caller);
        }
      });
    } catch (error) {
      throw asDuplicateExternalId(error);
    }
  }

  /**
   * Embedded PGlite has ONE connection and a transaction holds it exclusively: a batch in one transaction
   * would hold every identify for its whole duration, and even one person's templates in one statement
   * (each insert updates the HNSW graph, tens of milliseconds in WebAssembly) hold it for longer than a
   * door should wait. So the import is a sequence of short steps, each taken only when no identify is in
   * progress ({@link IdentifyActivity}): one duplicate-face search per face, outside any transaction; then
   * the person with their first template in one transaction; then each further template on its own. The
   * process-wide EnrollmentLock, held from a person's searches to their last template, keeps any other
   * enrollment from writing in between (the guarantee the advisory lock gives inside one transaction).
   * Failures known in advance (embeddings, an external_id taken or given twice) are found before the first
   * write; a failure found while writing (a duplicate face) removes the people already written, so the
   * import stays all or nothing. Only a crash mid-import leaves the people written so far; the last of them
   * can have fewer templates than were sent (never none). Re-sending the import then answers 409
   * `duplicate_external_id` for them, so re-send the people not yet present.
   */
  async #writePersonByPerson(
    request: BulkEnroll,
    people: BulkPersonRow[],
    vectors: Float32Array[][],
    caller: Caller,
  ): Promise<void> {
    await this.#assertExternalIdsFree(people);
    const model = await this.deps.db.transaction((tx) =>
      this.deps.models.ensure(tx, request.model, vectors[0]?.[0]?.length ?? 0),
    );
    const templatesOf = (person: BulkPersonRow, own: readonly Float32Array[]) => ({
      model: model.id,
      dim: model.dim,
      personIds: own.map(() => person.id),
      vectors: own,
    });
    for (const [i, person] of people.entries()) {
      const [first = [], ...rest] = (vectors[i] ?? []).map((vector) => [vector]);
      try {
        await this.deps.lock.run(async () => {
          if (request.check_duplicates) {
            await this.#searchDuplicatesOutsideTransaction(model, person, vectors[i] ?? [], caller);
          }
          await this.deps.identifies.whenIdle();
          await this.deps.db.transaction(async (tx) => {
            await this.deps.bulk.insertPeople(tx, [person]);
            await this.deps.bulk.insertTemplates(tx, templatesOf(person, first));
          });
          for (const one of rest) {
            await this.deps.identifies.whenIdle();
            await this.deps.bulk.insertTemplates(this.deps.db, templatesOf(person, one));
          }
        });
      } catch (error) {
        await this.#removeWritten(people.slice(0, i + 1));
        throw asDuplicateExternalId(error);
      }
    }
  }

  /** One nearest-neighbour statement per face, each its own implicit transaction, yielding after each. */
  async #searchDuplicatesOutsideTransaction(
    model: { id: string; dim: number },
    person: BulkPersonRow,
    own: readonly Float32Array[],
    caller: Caller,
  ): Promise<void> {
    for (const probe of own) {
      await this.deps.identifies.whenIdle();
      await assertNoDuplicateFace(this.deps.db, this.deps.templates, {
        model,
        personId: person.id,
        vectors: [probe],
        duplicateThreshold: this.deps.options.duplicateThreshold,
        candidates: this.deps.options.candidates,
        isAdmin: caller.isAdmin,
        efSearch: this.deps.options.efSearch,
      });
    }
  }

  /** Undoes a failed import's people (templates and any attendance go with them), a few per transaction. */
  async #removeWritten(written: readonly BulkPersonRow[]): Promise<void> {
    for (let start = 0; start < written.length; start += REMOVE_PER_TRANSACTION) {
      const ids = written.slice(start, start + REMOVE_PER_TRANSACTION).map((p) => p.id);
      await this.deps.identifies.whenIdle();
      await this.deps.db.transaction((tx) => this.deps.bulk.deletePeople(tx, ids));
    }
  }

  async #insertChecked(
    tx: Queryable,
    model: { id: string; dim: number },
    person: BulkPersonRow,
    own: Float32Array[],
    caller: Caller,
  ): Promise<void> {
    await assertNoDuplicateFace(tx, this.deps.templates, {
      model,
      personId: person.id,
      vectors: own,
      duplicateThreshold: this.deps.options.duplicateThreshold,
      candidates: this.deps.options.candidates,
      isAdmin: caller.isAdmin,
    });
    await this.deps.bulk.insertTemplates(tx, {
      model: model.id,
      dim: model.dim,
      personIds: own.map(() => person.id),
      vectors: own,
    });
  }

  /** 409 before any write when an external_id is given twice in the batch or already belongs to someone. */
  async #assertExternalIdsFree(people: readonly BulkPersonRow[]): Promise<void> {
    const ids = people.flatMap((p) => (p.externalId === null ? [] : [p.externalId]));
    if (
      new Set(ids).size !== ids.length ||
      (await this.deps.bulk.countExistingExternalIds(this.deps.db, ids)) > 0
    ) {
      throw new AppError('duplicate_external_id', 'an external_id is already used by another person');
    }
  }

  /** Every embedding decoded, normalised and of one dimension (the model's, once registered). */
  async #decode(request: BulkEnroll): Promise<Float32Array[][]> {
    const known = await this.deps.models.find(request.model);
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

function asDuplicateExternalId(error: unknown): unknown {
  return isUniqueViolation(error)
    ? new AppError('duplicate_external_id', 'an external_id is already used by another person')
    : error;
}
