import type { Logger } from 'pino';
import type { CooldownStore } from '../cache/cooldown-store.js';
import { createCooldownStore } from '../cache/create-cooldown-store.js';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { countCooldownLookups } from '../metrics/counted-cooldown-store.js';
import { createServerMetrics, type ServerMetrics } from '../metrics/server-metrics.js';
import { RedisRelayBridge } from '../relay/redis-relay-bridge.js';
import { RelayHub } from '../relay/relay-hub.js';
import type { Closers } from './closers.js';

export interface Infrastructure {
  /** Live event hub: recognition publishes attendance and unknown-face events to it. */
  liveHub: RelayHub;
  /** The cooldown store (memory or Redis), its lookups counted. */
  cooldown: CooldownStore;
  metrics: ServerMetrics;
}

/** Phase 2, beside the database: the live relay (bridged through Redis when configured), cache and metrics. */
export async function infrastructurePhase(
  config: Config,
  db: Database,
  logger: Logger,
  closers: Closers,
): Promise<Infrastructure> {
  const liveHub = new RelayHub();
  const bridge = config.relayRedisUrl
    ? await RedisRelayBridge.start(
        liveHub,
        {
          redisUrl: config.relayRedisUrl,
          channelPrefix: config.cache.keyPrefix,
          presenceIntervalMs: config.live.statusIntervalMs,
          connectTimeoutMs: Math.max(config.cache.timeoutMs, 1000),
        },
        logger,
      )
    : null;
  if (bridge) closers.add(() => bridge.close());
  const cacheStore = await createCooldownStore(config.cache, logger);
  closers.add(() => cacheStore.close());
  const metrics = createServerMetrics({
    cache: () => cacheStore.health(),
    ...(db.poolStats && { dbPool: db.poolStats.bind(db) }),
    relay: () => ({
      viewers: liveHub.viewerCount,
      publishers: liveHub.publisherCount,
      framesRelayed: liveHub.framesRelayed,
      framesDropped: liveHub.framesDropped,
      bridgeFramesDropped: bridge?.framesDropped ?? 0,
      bridgeFramesUnwatched: bridge?.framesUnwatched ?? 0,
    }),
  });
  return { liveHub, cooldown: countCooldownLookups(cacheStore, metrics), metrics };
}
