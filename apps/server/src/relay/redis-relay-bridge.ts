import { randomBytes } from 'node:crypto';
import { ServerEventSchema, decodeLiveFrame, encodeLiveFrame, type ServerEvent } from '@attendance/protocol';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { redactUrl } from '../cache/redis-url.js';
import type { RelayHub, RelayUplink } from './relay-hub.js';
import { RemoteWatchers, type WatchedCameras } from './remote-watchers.js';

export interface RelayBridgeOptions {
  redisUrl: string;
  /** Channels are `<prefix>:relay:frames|events|presence` (CACHE_KEY_PREFIX: one namespace per deployment). */
  channelPrefix: string;
  /**
   * How often this instance announces its cameras and what its viewers watch; remote cameras expire after
   * the hub's remoteCameraTtlMs, remote viewers after five intervals without an announcement.
   */
  presenceIntervalMs: number;
  /** Connect deadline at startup; the bridge keeps reconnecting in the background after it. */
  connectTimeoutMs: number;
}

const INSTANCE_ID_BYTES = 16;
/** Another instance's viewers are forgotten after this many presence intervals without an announcement. */
const REMOTE_VIEWERS_TTL_INTERVALS = 5;

interface OutboxSlot {
  inFlight: boolean;
  waiting: Uint8Array | null;
  /** The latest frame while no other instance watches the camera (sent when one starts to). */
  parked: Uint8Array | null;
}

/**
 * Makes the live relay work across server instances with Redis pub/sub: frames published to this instance
 * go to every other instance's viewers, and so do live events (attendance recorded, unknown face, camera
 * online/offline). Each instance announces its cameras every `presenceIntervalMs`, so a crashed
 * instance's cameras go offline elsewhere.
 *
 * Frames cross only to where someone watches them: each instance also announces what its viewers watch
 * (at once when a viewer comes or goes), and a camera's frames are published only while a viewer on another
 * instance watches it. Meanwhile its latest frame is kept, and sent as soon as such a viewer appears.
 *
 * Latest frame wins here too: per camera at most one PUBLISH is in flight and one frame waits; a newer frame
 * replaces the waiting one. Publishing never queues while Redis is unreachable (frames and events of that
 * time are not bridged; the local relay keeps working).
 */
export class RedisRelayBridge implements RelayUplink {
  readonly #instanceId = randomBytes(INSTANCE_ID_BYTES);
  readonly #publisher: Redis;
  readonly #subscriber: Redis;
  readonly #channels: { frames: string; events: string; presence: string };
  readonly #outbox = new Map<string, OutboxSlot>();
  readonly #watchers: RemoteWatchers;
  #presenceTimer: NodeJS.Timeout | undefined;
  #closed = false;
  /** Frames replaced by a newer one before Redis took them, or not sent while Redis was unreachable. */
  framesDropped = 0;
  /** Frames never published because no viewer on another instance watched their camera. */
  framesUnwatched = 0;

  private constructor(
    private readonly hub: RelayHub,
    private readonly options: RelayBridgeOptions,
    private readonly logger: Logger,
  ) {
    this.#watchers = new RemoteWatchers(REMOTE_VIEWERS_TTL_INTERVALS * options.presenceIntervalMs);
    const prefix = `${options.channelPrefix}:relay`;
    this.#channels = {
      frames: `${prefix}:frames`,
      events: `${prefix}:events`,
      presence: `${prefix}:presence`,
    };
    const common = {
      connectTimeout: options.connectTimeoutMs,
      retryStrategy: (attempt: number) => Math.min(50 * 2 ** Math.min(attempt, 10), 2000),
    };
    this.#publisher = new Redis(options.redisUrl, {
      ...common,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
    });
    // The SUBSCRIBE waits in the offline queue until the first connection, however long Redis is down
    // (no retry limit); after any later reconnect ioredis re-subscribes by itself (autoResubscribe).
    this.#subscriber = new Redis(options.redisUrl, { ...common, maxRetriesPerRequest: null });
    let lastError = '';
    for (const client of [this.#publisher, this.#subscriber]) {
      client.on('error', (error: Error) => {
        if (error.message === lastError) return;
        lastError = error.message;
        logger.warn(
          { redis: redactUrl(options.redisUrl), error: error.message },
          'relay bridge: Redis error',
        );
      });
      client.on('ready', () => {
        lastError = '';
      });
    }
  }

  /**
   * Connects and subscribes, waiting at most `connectTimeoutMs`; never throws. Attaches itself to the hub
   * as its uplink.
   */
  static async start(hub: RelayHub, options: RelayBridgeOptions, logger: Logger): Promise<RedisRelayBridge> {
    const log = logger.child({ component: 'relay-bridge' });
    const bridge = new RedisRelayBridge(hub, options, log);
    const connected = await bridge.#connect();
    hub.attachUplink(bridge);
    bridge.#presenceTimer = setInterval(() => bridge.#announcePresence(), options.presenceIntervalMs);
    bridge.#presenceTimer.unref();
    log[connected ? 'info' : 'warn'](
      { redis: redactUrl(options.redisUrl), connected },
      connected
        ? 'live relay bridged across instances through Redis'
        : 'relay bridge: Redis not reachable yet; retrying in the background',
    );
    return bridge;
  }

  frame(cameraId: string, jpeg: Uint8Array): void {
    if (this.#closed) return;
    let slot = this.#outbox.get(cameraId);
    if (!slot) {
      slot = { inFlight: false, waiting: null, parked: null };
      this.#outbox.set(cameraId, slot);
    }
    // While Redis is unreachable nobody's viewers are known: such frames count as dropped, as before.
    if (this.#publisher.status === 'ready' && !this.#watchers.watches(cameraId)) {
      if (slot.parked) this.framesUnwatched++;
      slot.parked = jpeg;
      return;
    }
    slot.parked = null;
    if (slot.inFlight) {
      if (slot.waiting) this.framesDropped++;
      slot.waiting = jpeg;
      return;
    }
    this.#sendFrame(cameraId, slot, jpeg);
  }

  event(event: ServerEvent): void {
    if (event.type === 'camera.offline') {
      if (this.#outbox.get(event.payload.camera_id)?.parked) this.framesUnwatched++;
      this.#outbox.delete(event.payload.camera_id);
    }
    this.#publishJson(this.#channels.events, { event });
  }

  viewersChanged(): void {
    this.#announcePresence();
  }

  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closed = true;
    clearInterval(this.#presenceTimer);
    this.hub.attachUplink(null);
    this.#outbox.clear();
    // No QUIT: it would wait in the subscriber's offline queue forever while Redis is down.
    this.#publisher.disconnect();
    this.#subscriber.disconnect();
    return Promise.resolve();
  }

  async #connect(): Promise<boolean> {
    this.#subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) =>
      this.#receive(channel, message),
    );
    const publisherReady = new Promise<void>((resolve) => {
      if (this.#publisher.status === 'ready') resolve();
      else this.#publisher.once('ready', () => resolve());
    });
    const subscribed = this.#subscriber.subscribe(
      this.#channels.frames,
      this.#channels.events,
      this.#channels.presence,
    );
    // Never rejects into the void: a subscribe that fails (only at close) is simply not waited for.
    subscribed.catch(() => undefined);
    const attempt = Promise.all([publisherReady, subscribed]).then(
      () => true,
      () => false,
    );
    const deadline = new Promise<boolean>((resolve) =>
      setTimeout(() => resolve(false), this.options.connectTimeoutMs).unref(),
    );
    return Promise.race([attempt, deadline]);
  }

  #sendFrame(cameraId: string, slot: OutboxSlot, jpeg: Uint8Array): void {
    if (this.#publisher.status !== 'ready') {
      this.framesDropped++;
      return;
    }
    slot.inFlight = true;
    const message = Buffer.concat([this.#instanceId, encodeLiveFrame(cameraId, jpeg)]);
    const done = () => {
      slot.inFlight = false;
      const next = slot.waiting;
      slot.waiting = null;
      if (next && !this.#closed) this.#sendFrame(cameraId, slot, next);
    };
    this.#publisher.publish(this.#channels.frames, message).then(done, () => {
      this.framesDropped++;
      done();
    });
  }

  #publishJson(channel: string, body: Record<string, unknown>): void {
    if (this.#closed || this.#publisher.status !== 'ready') return;
    const message = JSON.stringify({ from: this.#instanceId.toString('hex'), ...body });
    this.#publisher.publish(channel, message).catch(() => undefined);
  }

  #announcePresence(): void {
    this.#publishJson(this.#channels.presence, {
      cameras: this.hub.localCameraIds(),
      watching: this.hub.watchedCameras(),
    });
  }

  /** Another instance's viewers changed or were re-announced: send the frames kept for cameras they now watch. */
  #updateWatchers(instanceId: string, watching: WatchedCameras | undefined): void {
    this.#watchers.update(instanceId, watching);
    for (const [cameraId, slot] of this.#outbox) {
      if (slot.parked && this.#watchers.watches(cameraId)) this.frame(cameraId, slot.parked);
    }
  }

  #receive(channelBuffer: Buffer, message: Buffer): void {
    const channel = channelBuffer.toString();
    if (channel === this.#channels.frames) {
      if (message.length <= INSTANCE_ID_BYTES) return;
      if (message.subarray(0, INSTANCE_ID_BYTES).equals(this.#instanceId)) return;
      const frame = decodeLiveFrame(message.subarray(INSTANCE_ID_BYTES));
      if (frame) this.hub.receiveRemoteFrame(frame.cameraId, frame.jpeg);
      return;
    }
    const parsed = parseJson(message);
    if (!parsed || parsed.from === this.#instanceId.toString('hex')) return;
    if (channel === this.#channels.events) {
      const event = ServerEventSchema.safeParse(parsed.event);
      if (event.success) this.hub.receiveRemoteEvent(event.data);
    } else if (channel === this.#channels.presence && Array.isArray(parsed.cameras)) {
      this.hub.receiveRemotePresence(parsed.cameras.filter(isString));
      if (typeof parsed.from === 'string') this.#updateWatchers(parsed.from, watchedCameras(parsed.watching));
    }
  }
}

const isString = (value: unknown): value is string => typeof value === 'string';

/** An announced `watching`: 'all', a list of camera ids, or undefined (absent or unreadable: counts as all). */
function watchedCameras(watching: unknown): WatchedCameras | undefined {
  if (watching === 'all') return 'all';
  return Array.isArray(watching) && watching.every(isString) ? watching : undefined;
}

function parseJson(
  message: Buffer,
): { from?: unknown; event?: unknown; cameras?: unknown[]; watching?: unknown } | null {
  try {
    const value: unknown = JSON.parse(message.toString('utf8'));
    return typeof value === 'object' && value !== null ? value : null;
  } catch {
    return null;
  }
}
