import type { CacheHealth } from '@attendance/protocol';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** What the state gauges read when Prometheus scrapes; each source is optional (tests, other roots). */
export interface MetricSources {
  cache?: () => CacheHealth;
  /** Connections of the PostgreSQL pool; absent for the embedded database. */
  dbPool?: () => { total: number; idle: number; waiting: number; max: number } | null;
  relay?: () => {
    viewers: number;
    publishers: number;
    framesRelayed: number;
    framesDropped: number;
    /** Frames the cross-instance bridge did not forward (a newer one replaced them, or Redis was down). */
    bridgeFramesDropped: number;
    /** Frames the bridge did not publish because no viewer on another instance watched their camera. */
    bridgeFramesUnwatched: number;
  };
}

/**
 * prom-client's process metrics (CPU, memory, event loop lag, GC) are per process, and collecting them starts
 * timers and observers that are never stopped: one registry for them, created once, shared by every server
 * of the process (tests start many).
 */
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/** Seconds; identify is a few database round trips, so most answers land in the low buckets. */
const IDENTIFY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Every metric the server exports, on its own registry (two servers in one process never collide).
 * Adding a metric is one line in the object below; code that counts something calls it through
 * `ServerMetrics`, e.g. `metrics.identifyFaces.inc({ result: 'unknown' })`.
 */
export function createServerMetrics(sources: MetricSources = {}) {
  const registry = new Registry();
  const registers = [registry];
  const cacheLookups = new Counter({
    name: 'attendance_cooldown_cache_lookups_total',
    help: 'Cooldown cache lookups of matched faces: hit (person still cooling down) or miss',
    labelNames: ['result'] as const,
    registers,
  });
  return {
    registry,
    contentType: registry.contentType,
    /** The text exposition: this server's metrics, then the process metrics. */
    async render(): Promise<string> {
      return `${await registry.metrics()}\n${await processMetrics().metrics()}`;
    },
    identifyDuration: new Histogram({
      name: 'attendance_identify_duration_seconds',
      help: 'Time to answer one identify request (all of its faces), validated body to answer',
      buckets: IDENTIFY_BUCKETS,
      registers,
    }),
    identifyFaces: new Counter({
      name: 'attendance_identify_faces_total',
      help: 'Faces answered by identify: recorded (matched, new event), already_recorded (ignored, cooldown), unknown, ambiguous',
      labelNames: ['result'] as const,
      registers,
    }),
    identifyRechecks: new Counter({
      name: 'attendance_identify_rechecks_total',
      help: 'Faces whose first, narrow search was not a clear match and were searched again at HNSW_EF_SEARCH',
      registers,
    }),
    cacheLookups,
    spoofAttempts: new Counter({
      name: 'attendance_spoof_attempts_total',
      help: 'Spoof attempts reported by edges (POST /v1/spoof-events; a replayed idempotency key counts once)',
      labelNames: ['camera', 'mode'] as const,
      registers,
    }),
    edgeQueueDepth: new Gauge({
      name: 'attendance_edge_queue_depth',
      help: 'Requests waiting in the offline queue of a camera agent, as it last reported with an identify',
      labelNames: ['camera_id'] as const,
      registers,
    }),
    httpRequests: new Counter({
      name: 'attendance_http_requests_total',
      help: 'HTTP responses by method, route pattern and status code',
      labelNames: ['method', 'route', 'status'] as const,
      registers,
    }),
    cacheInfo: stateGauge(registers, {
      name: 'attendance_cooldown_cache_info',
      help: 'Active cooldown cache backend and its status (value 1)',
      labelNames: ['backend', 'status'],
      read: sources.cache && ((set) => set(1, { ...pick(sources.cache?.()) })),
    }),
    cacheHitRatio: stateGauge(registers, {
      name: 'attendance_cooldown_cache_hit_ratio',
      help: 'Share of cooldown cache lookups that were hits since the server started',
      read: async (set) => {
        const counts = await cacheLookups.get();
        let hits = 0;
        let all = 0;
        for (const { value, labels } of counts.values) {
          all += value;
          if (labels.result === 'hit') hits += value;
        }
        set(all === 0 ? 0 : hits / all);
      },
    }),
    dbPool: stateGauge(registers, {
      name: 'attendance_db_pool_connections',
      help: 'PostgreSQL pool connections: total (open), idle, waiting (callers queued for one), max (pool size)',
      labelNames: ['state'],
      read:
        sources.dbPool &&
        ((set) => {
          const pool = sources.dbPool?.();
          if (!pool) return;
          for (const [state, value] of Object.entries(pool)) set(value, { state });
        }),
    }),
    relayViewers: stateGauge(registers, {
      name: 'attendance_relay_viewers',
      help: 'Live relay viewers connected to this instance',
      read: sources.relay && ((set) => set(sources.relay?.().viewers ?? 0)),
    }),
    relayPublishers: stateGauge(registers, {
      name: 'attendance_relay_publishers',
      help: 'Cameras publishing their live view to this instance',
      read: sources.relay && ((set) => set(sources.relay?.().publishers ?? 0)),
    }),
    relayFrames: sourcedCounter(registers, {
      name: 'attendance_relay_frames_total',
      help: 'Live frames fanned out to this instance’s viewers (local and from other instances)',
      read: sources.relay && (() => sources.relay?.().framesRelayed ?? 0),
    }),
    relayFramesDropped: sourcedCounter(registers, {
      name: 'attendance_relay_frames_dropped_total',
      help: 'Live frames replaced by a newer one before a slow viewer took them (latest frame wins)',
      read: sources.relay && (() => sources.relay?.().framesDropped ?? 0),
    }),
    relayBridgeFramesDropped: sourcedCounter(registers, {
      name: 'attendance_relay_bridge_frames_dropped_total',
      help: 'Live frames not forwarded to other instances (a newer one replaced them, or Redis was unreachable)',
      read: sources.relay && (() => sources.relay?.().bridgeFramesDropped ?? 0),
    }),
    relayBridgeFramesUnwatched: sourcedCounter(registers, {
      name: 'attendance_relay_bridge_frames_unwatched_total',
      help: 'Live frames not published to other instances because no viewer there watched their camera',
      read: sources.relay && (() => sources.relay?.().bridgeFramesUnwatched ?? 0),
    }),
  };
}

export type ServerMetrics = ReturnType<typeof createServerMetrics>;

const pick = (health: CacheHealth | undefined) => ({
  backend: health?.backend ?? 'none',
  status: health?.status ?? 'down',
});

type SetGauge = (value: number, labels?: Record<string, string>) => void;

/** A gauge whose value is read from the server's state at scrape time. */
function stateGauge(
  registers: Registry[],
  spec: {
    name: string;
    help: string;
    labelNames?: string[];
    read: ((set: SetGauge) => void | Promise<void>) | undefined;
  },
): Gauge {
  const { read } = spec;
  return new Gauge({
    name: spec.name,
    help: spec.help,
    labelNames: spec.labelNames ?? [],
    registers,
    ...(read && {
      async collect(this: Gauge) {
        this.reset();
        await read((value, labels) => (labels ? this.set(labels, value) : this.set(value)));
      },
    }),
  });
}

/** A counter mirroring a monotonic total kept elsewhere (e.g. the relay hub), caught up at scrape time. */
function sourcedCounter(
  registers: Registry[],
  spec: { name: string; help: string; read: (() => number) | undefined },
): Counter {
  const { read } = spec;
  let seen = 0;
  return new Counter({
    name: spec.name,
    help: spec.help,
    registers,
    ...(read && {
      collect(this: Counter) {
        const total = read();
        if (total > seen) this.inc(total - seen);
        seen = Math.max(seen, total);
      },
    }),
  });
}
