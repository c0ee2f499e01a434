import type { Camera, CameraDetailsInput, CameraRole } from '@attendance/protocol';
import type { Database } from '../db/database.js';
import type { CameraRepository } from '../repositories/camera.repository.js';
import type { LivenessPolicyService } from './liveness-policy.service.js';

/** A camera's door role and how people call it (name, location). */
export class CameraSettingsService {
  constructor(
    private readonly db: Database,
    private readonly cameras: CameraRepository,
    private readonly liveness: LivenessPolicyService,
  ) {}

  /** Events recorded afterwards carry the direction of the new role. */
  async setRole(cameraId: string, role: CameraRole): Promise<Camera> {
    return this.liveness.describe(await this.cameras.setRole(this.db, cameraId, role));
  }

  /** An empty text clears the field, like `null`. */
  async setDetails(cameraId: string, input: CameraDetailsInput): Promise<Camera> {
    const blankToNull = (text: string | null | undefined) => (text === '' ? null : text);
    const row = await this.cameras.setDetails(this.db, cameraId, {
      name: blankToNull(input.name),
      location: blankToNull(input.location),
    });
    return this.liveness.describe(row);
  }
}
