import type { Queryable } from '../db/database.js';
import { AppError } from '../errors.js';
import type { RecognitionModel } from '../repositories/model.repository.js';
import type { TemplateRepository } from '../repositories/template.repository.js';

export interface DuplicateFaceCheck {
  model: RecognitionModel;
  /** The person the faces are for: their own templates never count as duplicates. */
  personId: string;
  vectors: readonly Float32Array[];
  duplicateThreshold: number;
  candidates: number;
  /** Only admins learn which person a duplicate face belongs to. */
  isAdmin: boolean;
  /** HNSW search breadth set by each search itself (no transaction needed); omitted: already set on `tx`. */
  efSearch?: number;
}

/**
 * Refuses (409 duplicate_face) when any of `vectors` is at least `duplicateThreshold` similar to a template
 * of ANOTHER person, active or not. Callers hold the model's enroll lock (or the embedded
 * EnrollmentLock) and either set hnsw.ef_search on `tx` or pass `efSearch`.
 */
export async function assertNoDuplicateFace(
  tx: Queryable,
  templates: TemplateRepository,
  check: DuplicateFaceCheck,
): Promise<void> {
  for (const probe of check.vectors) {
    const candidates = await templates.findNearest(tx, {
      model: check.model.id,
      dim: check.model.dim,
      indexPrecision: check.model.indexPrecision,
      probe,
      limit: check.candidates,
      activeOnly: false,
      ...(check.efSearch === undefined ? {} : { efSearch: check.efSearch }),
    });
    const other = candidates.find(
      (c) => c.personId !== check.personId && c.similarity >= check.duplicateThreshold,
    );
    if (other) {
      throw new AppError(
        'duplicate_face',
        'this face is already enrolled for another person',
        check.isAdmin ? { person_id: other.personId, similarity: other.similarity } : undefined,
      );
    }
  }
}

/** Serialises enrollments of one model inside `tx`, so two concurrent enrollments of a face cannot both pass. */
export async function lockModelEnrollment(tx: Queryable, modelId: string): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock(hashtext('enroll:' || $1))", [modelId]);
}
