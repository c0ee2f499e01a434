import { randomUUID } from 'node:crypto';
import type { BulkEnroll, BulkEnrollResult } from '@attendance/protocol';
import type { Database, Queryable } from '../db/database.js';
import { isUniqueViolation } from '../db/sql-values.js';
import { AppError } from '../errors.js';
import type { BulkEnrollmentRepository, BulkPersonRow } from '../repositories/bulk-enrollment.repository.js';
import type { RecognitionModel } from '../repositories/model.repository.js';
import type { TemplateRepository } from '../repositories/template.repository.js';
import { assertNoDuplicateFace, lockModelEnrollment } from './duplicate-face.js';
import type { Caller, EnrollmentOptions } from './enrollment.service.js';
import { toUnitEmbeddingBulk } from './bulk-embedding.js';
import type { EnrollmentLock } from './enrollment-lock.js';
import type { ModelRegistry } from './model-registry.service.js';

/**
 * Imports many people with their face templates per request: every embedding is validated first, then the
 * batch is written — on PostgreSQL in one transaction with one multi-row insert per table (all or nothing);
 * on embedded PGlite person by person in short transactions, so identify never waits behind an import.
 * With `check_duplicates` (the default) each person's faces are searched against the gallery (including the
 * people inserted earlier in the same batch) before they are inserted, serialised with single enrollment
 * (PostgreSQL: the per-model advisory lock; PGlite: the process's EnrollmentLock).
 */
/** People removed per transaction when a failed embedded import is undone. */
const REMOVE_PER_TRANSACTION = 50;

export interface BulkEnrollmentServiceDeps {
  db: Database;
  bulk: BulkEnrollmentRepository;
  templates: TemplateRepository;
  models: ModelRegistry;
  options: EnrollmentOptions;
  lock: EnrollmentLock;
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
   * would hold every identify for its whole duration. So each person is written with their templates in a
   * short transaction of its own (two inserts), and their duplicate-face searches run before it, outside any
   * transaction, one statement at a time with a yield in between, so identifies interleave with them. The
   * process-wide EnrollmentLock, held from a person's searches to their commit, keeps any other enrollment
   * from writing in between (the guarantee the advisory lock gives inside one transaction). Failures known
   * in advance (embeddings, an external_id taken or given twice) are found before the first write; a
   * failure found while writing (a duplicate face) removes the people already written, so the import stays
   * all or nothing. Only a crash mid-import leaves the people written so far (each complete with its
   * templates); re-sending the import then answers 409 `duplicate_external_id` for them, so re-send the
   * people not yet present.
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
    for (const [i, person] of people.entries()) {
      const own = vectors[i] ?? [];
      try {
        await this.deps.lock.run(async () => {
          if (request.check_duplicates) {
            await this.#searchDuplicatesOutsideTransaction(model, person, own, caller);
          }
          await this.deps.db.transaction(async (tx) => {
            await this.deps.bulk.insertPeople(tx, [person]);
            await this.deps.bulk.insertTemplates(tx, {
              model: model.id,
              dim: model.dim,
              personIds: own.map(() => person.id),
              vectors: own,
            });
          });
        });
      } catch (error) {
        await this.#removeWritten(people.slice(0, i));
        throw asDuplicateExternalId(error);
      }
      await yieldToWaitingRequests();
    }
  }

  /** One nearest-neighbour statement per face, each its own implicit transaction, yielding after each. */
  async #searchDuplicatesOutsideTransaction(
    model: RecognitionModel,
    person: BulkPersonRow,
    own: readonly Float32Array[],
    caller: Caller,
  ): Promise<void> {
    for (const probe of own) {
      await assertNoDuplicateFace(this.deps.db, this.deps.templates, {
        model,
        personId: person.id,
        vectors: [probe],
        duplicateThreshold: this.deps.options.duplicateThreshold,
        candidates: this.deps.options.candidates,
        isAdmin: caller.isAdmin,
        efSearch: this.deps.options.efSearch,
      });
      await yieldToWaitingRequests();
    }
  }

  /** Undoes a failed import's people (templates and any attendance go with them), a few per transaction. */
  async #removeWritten(written: readonly BulkPersonRow[]): Promise<void> {
    for (let start = 0; start < written.length; start += REMOVE_PER_TRANSACTION) {
      const ids = written.slice(start, start + REMOVE_PER_TRANSACTION).map((p) => p.id);
      await this.deps.db.transaction((tx) => this.deps.bulk.deletePeople(tx, ids));
      await yieldToWaitingRequests();
    }
  }

  async #insertChecked(
    tx: Queryable,
    model: RecognitionModel,
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

/** Lets requests that arrived meanwhile (identifies) read their bodies and queue their statements. */
const yieldToWaitingRequests = () => new Promise((resolve) => setImmediate(resolve));

function asDuplicateExternalId(error: unknown): unknown {
  return isUniqueViolation(error)
    ? new AppError('duplicate_external_id', 'an external_id is already used by another person')
    : error;
}
