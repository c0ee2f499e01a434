import type { EmbeddingWire, Person, Template } from '@attendance/protocol';
import type { Database, Queryable } from '../db/database.js';
import { isUniqueViolation } from '../db/sql-values.js';
import { AppError, notFound } from '../errors.js';
import type { NewPerson, PersonRepository } from '../repositories/person.repository.js';
import type { TemplateRepository } from '../repositories/template.repository.js';
import { assertNoDuplicateFace, lockModelEnrollment } from './duplicate-face.js';
import { toUnitEmbedding } from './embedding-input.js';
import type { EnrollmentLock } from './enrollment-lock.js';
import { integrationEvent } from '../integrations/integration-events.js';
import type { IntegrationOutbox } from '../integrations/outbox.js';
import type { ModelRegistry } from './model-registry.service.js';

export interface TemplatesRequest {
  model: string;
  embeddings: EmbeddingWire[];
}

export interface EnrollmentOptions {
  duplicateThreshold: number;
  candidates: number;
  efSearch: number;
}

/** Who is asking: only admins learn which person a duplicate face belongs to. */
export interface Caller {
  isAdmin: boolean;
}

export interface EnrollmentServiceDeps {
  db: Database;
  people: PersonRepository;
  templates: TemplateRepository;
  models: ModelRegistry;
  options: EnrollmentOptions;
  lock: EnrollmentLock;
  outbox: IntegrationOutbox;
}

/**
 * Creates people and adds face templates. A face that is as similar as `duplicateThreshold` to a template of
 * ANOTHER person (active or not) is refused with 409 duplicate_face. The check and the insert run in one
 * transaction holding an advisory lock per model, so two concurrent enrollments of one face cannot both pass;
 * on embedded PGlite also under the process's EnrollmentLock, which the bulk import holds from a person's
 * duplicate search (outside its transaction) to their commit.
 */
export class EnrollmentService {
  constructor(private readonly deps: EnrollmentServiceDeps) {}

  /** Creates a person, optionally with templates, atomically. */
  async createPerson(
    person: NewPerson,
    templates: TemplatesRequest | undefined,
    caller: Caller,
  ): Promise<Person> {
    const vectors = templates && (await this.#decode(templates));
    const write = () =>
      this.deps.db.transaction(async (tx) => {
        const created = await this.#insertPerson(tx, person);
        if (templates && vectors) await this.#addChecked(tx, created.id, templates.model, vectors, caller);
        const ref = { id: created.id, name: created.name, external_id: created.external_id };
        await this.deps.outbox.enqueue(
          tx,
          integrationEvent('person.created', { person: ref, role: created.role }),
        );
        return created.id;
      });
    const id = await (vectors ? this.deps.lock.run(write) : write());
    const created = await this.deps.people.findById(this.deps.db, id);
    if (!created) throw notFound('person');
    return created;
  }

  async addTemplates(personId: string, request: TemplatesRequest, caller: Caller): Promise<Template[]> {
    const vectors = await this.#decode(request);
    return this.deps.lock.run(() =>
      this.deps.db.transaction(async (tx) => {
        if (!(await this.deps.people.lockById(tx, personId))) throw notFound('person');
        return this.#addChecked(tx, personId, request.model, vectors, caller);
      }),
    );
  }

  /** Validates every embedding before anything is written. */
  async #decode(request: TemplatesRequest): Promise<Float32Array[]> {
    const known = await this.deps.models.find(request.model);
    const firstDim = known?.dim;
    const vectors: Float32Array[] = [];
    request.embeddings.forEach((wire, i) => {
      vectors.push(toUnitEmbedding(wire, firstDim ?? vectors[0]?.length, `embeddings[${i}]`));
    });
    return vectors;
  }

  async #insertPerson(tx: Queryable, person: NewPerson): Promise<Person> {
    try {
      return await this.deps.people.create(tx, person);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AppError('duplicate_external_id', 'external_id is already used by another person');
      }
      throw error;
    }
  }

  async #addChecked(
    tx: Queryable,
    personId: string,
    modelId: string,
    vectors: Float32Array[],
    caller: Caller,
  ): Promise<Template[]> {
    const model = await this.deps.models.ensure(tx, modelId, vectors[0]?.length ?? 0);
    await lockModelEnrollment(tx, model.id);
    await this.deps.templates.setEfSearch(tx, this.deps.options.efSearch);
    await assertNoDuplicateFace(tx, this.deps.templates, {
      model,
      personId,
      vectors,
      duplicateThreshold: this.deps.options.duplicateThreshold,
      candidates: this.deps.options.candidates,
      isAdmin: caller.isAdmin,
    });
    return this.deps.templates.insert(tx, personId, model.id, model.dim, vectors);
  }
}
