import {
  PROTOCOL_VERSION,
  encodeLiveFrame,
  type CameraLiveStatus,
  type RelayStatusMessage,
  type ServerEvent,
} from '@attendance/protocol';
import { CameraRoom } from './camera-room.js';
import { watchesCamera, type FrameSink, type ViewerFilter } from './frame-sink.js';
import type { LiveEvents } from './live-events.js';
import { RelayViewer, type ViewerLimits } from './relay-viewer.js';
import type { WatchedCameras } from './remote-watchers.js';

export interface RelayHubOptions extends ViewerLimits {
  fpsWindowMs: number;
  /** Offline cameras remembered for the dashboard; the oldest are forgotten beyond this. */
  maxRememberedCameras: number;
  /** A camera published to another instance stays online this long after that instance last reported it. */
  remoteCameraTtlMs: number;
  now?: () => number;
}

export const DEFAULT_RELAY_HUB_OPTIONS: RelayHubOptions = {
  maxFramesInFlight: 2,
  maxBufferedBytes: 8 * 1024 * 1024,
  fpsWindowMs: 3000,
  maxRememberedCameras: 256,
  remoteCameraTtlMs: 5000,
};

export interface PublisherHandle {
  /** Fans one JPEG out to the camera's viewers. Synchronous and non-blocking. */
  publish(jpeg: Uint8Array): void;
  disconnect(): void;
}

/**
 * Where the hub forwards what happens on this instance so other instances can show it (the Redis relay
 * bridge). Both calls are fire-and-forget and must never block or throw.
 */
export interface RelayUplink {
  frame(cameraId: string, jpeg: Uint8Array): void;
  event(event: ServerEvent): void;
  /** This instance's viewers changed: what they watch ({@link RelayHub.watchedCameras}) may differ. */
  viewersChanged(): void;
}

export interface ViewerHandle {
  readonly viewer: RelayViewer;
  disconnect(): void;
}

/**
 * The live relay, independent of any web framework: per-camera rooms, viewers of one or all cameras,
 * latest-frame-wins delivery (see {@link RelayViewer}), camera online/offline with frame rates, and the
 * {@link LiveEvents} bus that forwards typed server events to the viewers that watch the event's camera.
 */
export class RelayHub implements LiveEvents {
  private readonly cameras = new Map<string, CameraRoom>();
  private readonly viewers = new Set<RelayViewer>();
  private readonly options: RelayHubOptions;
  private readonly now: () => number;
  private uplink: RelayUplink | null = null;
  private readonly listeners = new Set<(event: ServerEvent) => void>();
  /** Frames fanned out to this instance's viewers, local or bridged (for metrics). */
  framesRelayed = 0;
  /** Frames a slow viewer never got because a newer one replaced them (for metrics). */
  framesDropped = 0;

  constructor(options: Partial<RelayHubOptions> = {}) {
    this.options = { ...DEFAULT_RELAY_HUB_OPTIONS, ...options };
    this.now = options.now ?? Date.now;
  }

  get publisherCount(): number {
    let count = 0;
    for (const camera of this.cameras.values()) if (camera.online) count++;
    return count;
  }

  get viewerCount(): number {
    return this.viewers.size;
  }

  isPublishing(cameraId: string): boolean {
    return this.cameras.get(cameraId)?.online ?? false;
  }

  /** A second publisher for the same camera replaces the first (a camera that reconnected before its old socket timed out). */
  connectPublisher(cameraId: string, onReplaced: () => void): PublisherHandle {
    const camera = this.room(cameraId);
    const token = Symbol(cameraId);
    const previous = camera.onReplaced;
    const wasOnline = camera.online;
    camera.publisherToken = token;
    camera.onReplaced = onReplaced;
    if (wasOnline) previous?.();
    else this.publish(this.cameraEvent('camera.online', cameraId));
    return {
      publish: (jpeg) => {
        if (camera.publisherToken !== token) return;
        this.fanOut(camera, jpeg);
        this.uplink?.frame(cameraId, jpeg);
      },
      disconnect: () => {
        if (camera.publisherToken !== token) return;
        camera.publisherToken = null;
        camera.onReplaced = null;
        this.publish(this.cameraEvent('camera.offline', cameraId));
        this.forgetOldCameras();
      },
    };
  }

  connectViewer(sink: FrameSink, filter: ViewerFilter): ViewerHandle {
    const viewer = new RelayViewer(sink, filter, this.options, (cameraId) => {
      this.framesDropped++;
      const camera = this.cameras.get(cameraId);
      if (camera) camera.dropped++;
    });
    this.viewers.add(viewer);
    viewer.sendText(JSON.stringify(this.statusMessage(filter)));
    this.uplink?.viewersChanged();
    return {
      viewer,
      disconnect: () => {
        viewer.detach();
        this.viewers.delete(viewer);
        this.uplink?.viewersChanged();
      },
    };
  }

  /** Delivers an event of this instance to its viewers and, through the uplink, to other instances. */
  publish(event: ServerEvent): void {
    this.deliver(event);
    this.uplink?.event(event);
    for (const listener of this.listeners) listener(event);
  }

  /** Calls `listener` with every event of THIS instance (never another instance's): integrations. */
  addListener(listener: (event: ServerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Forwards frames and events of this instance to `uplink` from now on (one uplink per hub). */
  attachUplink(uplink: RelayUplink | null): void {
    this.uplink = uplink;
  }

  /** What this instance's viewers watch: every camera if one of them does, else the cameras they name. */
  watchedCameras(): WatchedCameras {
    const cameras = new Set<string>();
    for (const { filter } of this.viewers) {
      if (filter.kind === 'all') return 'all';
      cameras.add(filter.cameraId);
    }
    return [...cameras];
  }

  /** Cameras published to this instance right now. */
  localCameraIds(): string[] {
    return [...this.cameras.values()].filter((camera) => camera.online).map((camera) => camera.cameraId);
  }

  /** A frame another instance received from its publisher: shown to this instance's viewers. */
  receiveRemoteFrame(cameraId: string, jpeg: Uint8Array): void {
    const camera = this.room(cameraId);
    camera.remoteSeenAt = this.now();
    this.fanOut(camera, jpeg);
  }

  /** An event of another instance: delivered to this instance's viewers only (never forwarded again). */
  receiveRemoteEvent(event: ServerEvent): void {
    if (event.type === 'camera.online' || event.type === 'camera.offline') {
      const camera = this.room(event.payload.camera_id);
      camera.remoteSeenAt = event.type === 'camera.online' ? this.now() : null;
      if (event.type === 'camera.offline') this.forgetOldCameras();
    }
    this.deliver(event);
  }

  /** Another instance reports the cameras published to it (repeated, so a crashed instance's cameras expire). */
  receiveRemotePresence(cameraIds: readonly string[]): void {
    const now = this.now();
    for (const cameraId of cameraIds) this.room(cameraId).remoteSeenAt = now;
  }

  private deliver(event: ServerEvent): void {
    const text = JSON.stringify(event);
    // Events about no camera (a board change) go to viewers of every camera: the dashboard.
    const cameraId = 'camera_id' in event.payload ? event.payload.camera_id : null;
    for (const viewer of this.viewers) {
      if (cameraId === null ? viewer.filter.kind === 'all' : watchesCamera(viewer.filter, cameraId)) {
        viewer.sendText(text);
      }
    }
  }

  /** Pushes the current camera list to every viewer (call about once a second). */
  broadcastStatus(): void {
    for (const viewer of this.viewers) viewer.sendText(JSON.stringify(this.statusMessage(viewer.filter)));
  }

  cameraStatuses(filter: ViewerFilter = { kind: 'all' }): CameraLiveStatus[] {
    const now = this.now();
    const statuses: CameraLiveStatus[] = [];
    for (const [cameraId, camera] of this.cameras) {
      if (!watchesCamera(filter, cameraId)) continue;
      let viewers = 0;
      for (const viewer of this.viewers) if (watchesCamera(viewer.filter, cameraId)) viewers++;
      statuses.push(camera.status(viewers, now, this.options.remoteCameraTtlMs));
    }
    return statuses.sort((a, b) => a.camera_id.localeCompare(b.camera_id));
  }

  /** Per-viewer delivery counters, for monitoring and tests. */
  viewerStats(): { framesSent: number; framesDropped: number; bufferedAmount: number }[] {
    return [...this.viewers].map((viewer) => ({
      framesSent: viewer.framesSent,
      framesDropped: viewer.framesDropped,
      bufferedAmount: viewer.bufferedAmount,
    }));
  }

  /** Closes every viewer (server shutdown); publishers are closed by their sockets. */
  closeAll(code: number, reason: string): void {
    for (const viewer of this.viewers) viewer.close(code, reason);
    this.viewers.clear();
  }

  private fanOut(camera: CameraRoom, jpeg: Uint8Array): void {
    const { cameraId } = camera;
    camera.recordFrame(this.now());
    this.framesRelayed++;
    const frame = encodeLiveFrame(cameraId, jpeg);
    for (const viewer of this.viewers) {
      if (viewer.isClosed) this.viewers.delete(viewer);
      else if (watchesCamera(viewer.filter, cameraId)) viewer.offerFrame(cameraId, frame);
    }
  }

  private statusMessage(filter: ViewerFilter): RelayStatusMessage {
    return {
      v: PROTOCOL_VERSION,
      type: 'relay.status',
      payload: { cameras: this.cameraStatuses(filter), at: new Date(this.now()).toISOString() },
    };
  }

  private cameraEvent(type: 'camera.online' | 'camera.offline', cameraId: string): ServerEvent {
    return {
      v: PROTOCOL_VERSION,
      type,
      payload: { camera_id: cameraId, at: new Date(this.now()).toISOString() },
    };
  }

  private room(cameraId: string): CameraRoom {
    let camera = this.cameras.get(cameraId);
    if (!camera) {
      camera = new CameraRoom(cameraId, this.options.fpsWindowMs);
      this.cameras.set(cameraId, camera);
    }
    return camera;
  }

  private forgetOldCameras(): void {
    for (const [cameraId, camera] of this.cameras) {
      if (this.cameras.size <= this.options.maxRememberedCameras) return;
      if (!camera.isOnline(this.now(), this.options.remoteCameraTtlMs)) this.cameras.delete(cameraId);
    }
  }
}
