import type { AttendanceEvent, FaceResult, IdentifyRequest, IdentifyResponse } from '@attendance/protocol';
import { CALIBRATED_THRESHOLDS } from '@attendance/protocol';
import type { Database } from '../db/database.js';
import { type UnknownFaceEvents } from '../integrations/unknown-face-events.js';
import type { ServerMetrics } from '../metrics/server-metrics.js';
import { type LiveEvents } from '../relay/live-events.js';
import {
  cooldownConfirmationOfTop,
  type AttendanceRepository,
  type CooldownConfirmation,
} from '../repositories/attendance.repository.js';
import type { CameraRepository } from '../repositories/camera.repository.js';
import type { RecognitionModel } from '../repositories/model.repository.js';
import type {
  Candidate,
  TemplateRepository,
  TopPerson,
  TopPersonColumns,
} from '../repositories/template.repository.js';
import type { AttendanceRecorder } from './attendance-recorder.service.js';
import { toUnitEmbedding } from './embedding-input.js';
import { searchWithRecheck } from './search-with-recheck.js';
import { type LivenessGuard } from './liveness-policy.service.js';
import type { ModelRegistry } from './model-registry.service.js';

const CAMERA_TOUCH_MS = 30_000;

export interface MatchingOptions {
  threshold: number;
  perModelThreshold: Readonly<Record<string, number>>;
  ambiguityMargin: number;
  candidates: number;
  /** HNSW breadth of the recheck of an answer that is not a clear match (and of enrollment's searches). */
  efSearch: number;
  /** HNSW breadth of identify's first search (see {@link searchWithRecheck}). */
  efSearchFast: number;
  clearMatchMargin: number;
}

export interface RecognitionServiceDeps {
  db: Database;
  templates: TemplateRepository;
  cameras: CameraRepository;
  models: ModelRegistry;
  recorder: AttendanceRecorder;
  options: MatchingOptions;
  events: AttendanceRepository;
  live: LiveEvents;
  liveness: LivenessGuard;
  metrics?: ServerMetrics;
  unknownFaces: UnknownFaceEvents;
}

/**
 * "Who is this?": finds the nearest templates of the same model, decides match/unknown/ambiguous and, for
 * a match, records attendance through the cooldown-guarded recorder.
 */
export class RecognitionService {
  readonly #cameraTouchedAt = new Map<string, number>();

  constructor(private readonly deps: RecognitionServiceDeps) {}

  /** MODEL_THRESHOLDS entry, else the calibrated threshold of a known model, else SIMILARITY_THRESHOLD. */
  thresholdFor(model: string): number {
    return (
      this.deps.options.perModelThreshold[model] ??
      CALIBRATED_THRESHOLDS[model] ??
      this.deps.options.threshold
    );
  }

  /** Every face (embedding and, on an enforcing camera, liveness) is validated before anything is searched or written. */
  async identify(request: IdentifyRequest, now = new Date()): Promise<IdentifyResponse> {
    const stopTimer = this.deps.metrics?.identifyDuration.startTimer();
    const model = await this.deps.models.require(request.model);
    const probes = request.faces.map((face, i) =>
      toUnitEmbedding(face.embedding, model.dim, `faces[${i}].embedding`),
    );
    await this.deps.liveness.check(request.camera_id, request.faces);
    const threshold = this.thresholdFor(model.id);
    const recordedAt = request.captured_at ? new Date(request.captured_at) : now;
    await this.#touchCamera(request.camera_id, now);

    const results: FaceResult[] = [];
    for (const [i, probe] of probes.entries()) {
      const idempotencyKey = request.idempotency_key ? `${request.idempotency_key}:${i}` : null;
      const cooldown = cooldownConfirmationOfTop({
        idempotencyKey,
        at: recordedAt,
        windowMs: this.deps.recorder.cooldownMs,
      });
      const { decision, top, rechecked } = await searchWithRecheck(
        (efSearch) => this.#nearestConfirmingTop(model, probe, efSearch, cooldown),
        { ...this.deps.options, threshold },
      );
      if (rechecked) this.deps.metrics?.identifyRechecks.inc();
      const trackId = request.faces[i]?.track_id ?? null;
      if (decision.kind !== 'match') {
        await this.deps.unknownFaces.report(
          request.camera_id,
          decision.kind === 'none' ? null : decision.similarity,
          now,
        );
        this.deps.live.publish({
          v: 1,
          type: 'face.unknown',
          payload: {
            camera_id: request.camera_id,
            similarity: decision.kind === 'none' ? null : decision.similarity,
            at: new Date().toISOString(),
          },
        });
        results.push({
          status: decision.kind === 'ambiguous' ? 'ambiguous' : 'unknown',
          track_id: trackId,
          person: null,
          similarity: decision.kind === 'none' ? null : decision.similarity,
          margin: decision.kind === 'none' ? null : decision.margin,
          event_id: null,
        });
        continue;
      }
      const personId = decision.best.personId;
      const outcome = await this.deps.recorder.record(
        {
          personId,
          cameraId: request.camera_id,
          model: model.id,
          similarity: decision.similarity,
          recordedAt,
          idempotencyKey,
        },
        top?.personId === personId ? top : undefined,
      );
      if (outcome.status === 'recorded' && outcome.eventId) {
        await this.#announce(outcome.event ?? outcome.eventId);
      }
      results.push({
        status: outcome.status,
        track_id: trackId,
        person: {
          id: decision.best.personId,
          name: decision.best.name,
          external_id: decision.best.externalId,
        },
        similarity: decision.similarity,
        margin: decision.margin,
        event_id: outcome.eventId,
      });
    }
    if (this.deps.metrics) {
      for (const result of results) this.deps.metrics.identifyFaces.inc({ result: result.status });
      if (request.queue_depth !== undefined) {
        this.deps.metrics.edgeQueueDepth.set({ camera_id: request.camera_id }, request.queue_depth);
      }
    }
    stopTimer?.();
    return { model: model.id, threshold, results };
  }

  /** Records the camera's last sighting, at most every CAMERA_TOUCH_MS: a write per request would serialise
   *  concurrent identifies of one camera on its row lock. */
  async #touchCamera(cameraId: string, now: Date): Promise<void> {
    const last = this.#cameraTouchedAt.get(cameraId);
    if (last !== undefined && now.getTime() - last < CAMERA_TOUCH_MS) return;
    await this.deps.cameras.touch(this.deps.db, cameraId);
    this.#cameraTouchedAt.set(cameraId, now.getTime());
  }

  /** Tells live dashboards about a new event (after its transaction committed). */
  async #announce(recorded: AttendanceEvent | string): Promise<void> {
    const event =
      typeof recorded === 'string' ? await this.deps.events.findById(this.deps.db, recorded) : recorded;
    if (event) this.deps.live.publish({ v: 1, type: 'attendance.recorded', payload: event });
  }

  /**
   * Active people's nearest templates and the best person's cooldown confirmation: one statement, one round
   * trip. It sets `hnsw.ef_search` itself for its own (implicit) transaction, so no BEGIN/COMMIT is needed
   * and pooled connections keep their default.
   */
  #nearestConfirmingTop(
    model: RecognitionModel,
    probe: Float32Array,
    efSearch: number,
    cooldown: TopPersonColumns<CooldownConfirmation>,
  ): Promise<{ candidates: Candidate[]; top: TopPerson<CooldownConfirmation> | null }> {
    return this.deps.templates.findNearestWithTop(this.deps.db, {
      model: model.id,
      dim: model.dim,
      indexPrecision: model.indexPrecision,
      probe,
      limit: this.deps.options.candidates,
      activeOnly: true,
      efSearch,
      aboutTop: cooldown,
    });
  }
}
