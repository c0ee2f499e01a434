import type { Camera, CameraRole } from '@attendance/protocol';
import type { Database } from '../db/database.js';
import type { CameraRepository } from '../repositories/camera.repository.js';
import type { LivenessPolicyService } from './liveness-policy.service.js';

/** Sets a camera's door role; events recorded afterwards carry the matching direction. */
export class CameraRoleService {
  constructor(
    private readonly db: Database,
    private readonly cameras: CameraRepository,
    private readonly liveness: LivenessPolicyService,
  ) {}

  async set(cameraId: string, role: CameraRole): Promise<Camera> {
    return this.liveness.describe(await this.cameras.setRole(this.db, cameraId, role));
  }
}
