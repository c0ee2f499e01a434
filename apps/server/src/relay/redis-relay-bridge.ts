import { randomBytes } from 'node:crypto';
import { ServerEventSchema, decodeLiveFrame, encodeLiveFrame, type ServerEvent } from '@attendance/protocol';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { redactUrl } from '../cache/redis-url.js';
import type { RelayHub, RelayUplink } from './relay-hub.js';

export interface RelayBridgeOptions {
  redisUrl: string;
  /** Channels are `<prefix>:relay:frames|events|presence` (CACHE_KEY_PREFIX: one namespace per deployment). */
  channelPrefix: string;
  /** How often this instance announces its cameras; remote cameras expire after the hub's remoteCameraTtlMs. */
  presenceIntervalMs: number;
  /** Connect deadline at startup; the bridge keeps reconnecting in the background after it. */
  connectTimeoutMs: number;
}

const INSTANCE_ID_BYTES = 16;

/**
 * Makes the live relay work across server instances with Redis pub/sub: frames published to this instance
 * go to every other instance's viewers, and so do live events (attendance recorded, unknown face, camera
 * online/offline). Each instance announces its cameras every `presenceIntervalMs`, so a crashed
 * instance's cameras go offline elsewhere.
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
  readonly #outbox = new Map<string, { inFlight: boolean; waiting: Uint8Array | null }>();
  #presenceTimer: NodeJS.Timeout | undefined;
  #closed = false;
  /** Frames replaced by a newer one before Redis took them, or not sent while Redis was unreachable. */
  framesDropped = 0;

  private constructor(
    private readonly hub: RelayHub,
    private readonly options: RelayBridgeOptions,
    private readonly logger: Logger,
  ) {
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
      slot = { inFlight: false, waiting: null };
      this.#outbox.set(cameraId, slot);
    }
    if (slot.inFlight) {
      if (slot.waiting) this.framesDropped++;
      slot.waiting = jpeg;
      return;
    }
    this.#sendFrame(cameraId, slot, jpeg);
  }

  event(event: ServerEvent): void {
    if (event.type === 'camera.offline') this.#outbox.delete(event.payload.camera_id);
    this.#publishJson(this.#channels.events, { event });
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

  #sendFrame(
    cameraId: string,
    slot: { inFlight: boolean; waiting: Uint8Array | null },
    jpeg: Uint8Array,
  ): void {
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
    this.#publishJson(this.#channels.presence, { cameras: this.hub.localCameraIds() });
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
      this.hub.receiveRemotePresence(parsed.cameras.filter((id): id is string => typeof id === 'string'));
    }
  }
}

function parseJson(message: Buffer): { from?: unknown; event?: unknown; cameras?: unknown[] } | null {
  try {
    const value: unknown = JSON.parse(message.toString('utf8'));
    return typeof value === 'object' && value !== null ? value : null;
  } catch {
    return null;
  }
}
