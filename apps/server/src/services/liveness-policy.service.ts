import type {
  Camera,
  CameraLivenessInput,
  CameraLivenessPolicy,
  LivenessEvidence,
} from '@attendance/protocol';
import type { Database } from '../db/database.js';
import { isoTimestampOrNull } from '../db/sql-values.js';
import type { LivenessDefaults } from '../liveness/liveness-config.js';
import { enforceLiveness } from '../liveness/liveness-gate.js';
import type { CameraRepository, CameraRow, StoredLivenessPolicy } from '../repositories/camera.repository.js';

/** How long a camera's policy is trusted in memory; a change through this process applies at once. */
const POLICY_TTL_MS = 5_000;

/** Checks identify requests against their camera's liveness policy (see {@link enforceLiveness}). */
export interface LivenessGuard {
  check(cameraId: string, faces: readonly { liveness?: LivenessEvidence | undefined }[]): Promise<void>;
}

export const noLivenessGuard: LivenessGuard = { check: () => Promise.resolve() };

/**
 * Per-camera liveness policy: stored on the camera row (NULL = the server's defaults), read on every
 * identify through a short in-process cache so an identify costs no extra query most of the time.
 */
export class LivenessPolicyService implements LivenessGuard {
  readonly #cache = new Map<string, { policy: CameraLivenessPolicy; at: number }>();

  constructor(
    private readonly db: Database,
    private readonly cameras: CameraRepository,
    private readonly defaults: LivenessDefaults,
  ) {}

  async check(
    cameraId: string,
    faces: readonly { liveness?: LivenessEvidence | undefined }[],
  ): Promise<void> {
    enforceLiveness(await this.policyFor(cameraId), faces);
  }

  async policyFor(cameraId: string, now = Date.now()): Promise<CameraLivenessPolicy> {
    const cached = this.#cache.get(cameraId);
    if (cached && now - cached.at < POLICY_TTL_MS) return cached.policy;
    const camera = await this.cameras.find(this.db, cameraId);
    const policy = this.#effective(camera?.liveness);
    this.#cache.set(cameraId, { policy, at: now });
    return policy;
  }

  async set(cameraId: string, input: CameraLivenessInput): Promise<Camera> {
    const row = await this.cameras.setLiveness(this.db, cameraId, {
      mode: input.mode,
      threshold: input.threshold ?? null,
      requireChallenge: input.require_challenge ?? false,
    });
    this.#cache.delete(cameraId);
    return this.describe(row);
  }

  async list(): Promise<Camera[]> {
    const rows = await this.cameras.list(this.db);
    return rows.map((row) => this.describe(row));
  }

  /** A stored camera as the API shows it (policy with defaults applied). */
  describe(row: CameraRow): Camera {
    return {
      id: row.id,
      name: row.name,
      location: row.location,
      last_seen_at: isoTimestampOrNull(row.lastSeenAt),
      role: row.role,
      liveness: this.#effective(row.liveness),
    };
  }

  #effective(stored: StoredLivenessPolicy | undefined): CameraLivenessPolicy {
    return {
      mode: stored?.mode ?? this.defaults.mode,
      threshold: stored?.threshold ?? this.defaults.threshold,
      require_challenge: stored?.requireChallenge ?? false,
      explicit: stored?.mode != null,
    };
  }
}
