import type { Camera } from '@attendance/protocol';
import type { ApiClient } from '../shared/api-client.js';

interface Naming {
  name: string | null;
  location: string | null;
}

/**
 * The display names and locations cameras were given (`GET /v1/cameras`), for the views that show a camera:
 * its name where set, else its id. Views subscribe to redraw when the Cameras page saves a change.
 */
export class CameraNames {
  private readonly namings = new Map<string, Naming>();
  private readonly listeners = new Set<() => void>();

  async load(api: ApiClient): Promise<void> {
    try {
      this.set((await api.listCameras()).items);
    } catch {
      // Without names, cameras show their ids: nothing is lost.
    }
  }

  set(cameras: readonly Camera[]): void {
    this.namings.clear();
    for (const camera of cameras) {
      this.namings.set(camera.id, { name: camera.name, location: camera.location });
    }
    for (const listener of this.listeners) listener();
  }

  /** The camera's name, else its id. */
  label(cameraId: string): string {
    return this.namings.get(cameraId)?.name ?? cameraId;
  }

  location(cameraId: string): string | null {
    return this.namings.get(cameraId)?.location ?? null;
  }

  onChange(listener: () => void): void {
    this.listeners.add(listener);
  }
}
