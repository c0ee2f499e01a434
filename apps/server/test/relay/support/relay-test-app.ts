import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { ApiKeyScope } from '@attendance/protocol';
import { afterAll, beforeAll } from 'vitest';
import type WebSocket from 'ws';
import { DEFAULT_RELAY_LIMITS, type RelayLimits } from '../../../src/relay/relay-config.js';
import { RelayHub } from '../../../src/relay/relay-hub.js';
import { liveRelayPlugin } from '../../../src/relay/relay-plugin.js';
import { apiKeyHeader, type AccessResolver } from '../../../src/access/access-grant.js';
import { OriginPolicy } from '../../../src/access/origin-policy.js';
import { openSocket } from './ws-clients.js';

export const KEYS = { edge: 'edge-key-0123456789', viewer: 'viewer-key-0123456789' } as const;

/** A real Fastify server with only the relay, listening on a free port; keys resolved from {@link KEYS}. */
export async function startRelayApp(
  limits: Partial<RelayLimits> = {},
  logger?: FastifyBaseLogger,
): Promise<{
  app: FastifyInstance;
  hub: RelayHub;
  wsUrl: string;
  port: number;
}> {
  const scopesByKey = new Map<string, ApiKeyScope[]>([
    [KEYS.edge, ['edge']],
    [KEYS.viewer, ['viewer']],
  ]);
  const resolveAccess: AccessResolver = (request) => {
    const scopes = scopesByKey.get(apiKeyHeader(request) ?? '');
    return Promise.resolve(scopes ? { scopes, via: 'api_key' } : null);
  };
  const hub = new RelayHub();
  const app = logger ? Fastify({ loggerInstance: logger }) : Fastify({ logger: false });
  await app.register(liveRelayPlugin, {
    hub,
    resolveAccess,
    originPolicy: new OriginPolicy(['https://dashboard.example']),
    limits: { ...DEFAULT_RELAY_LIMITS, ...limits },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { app, hub, port: address.port, wsUrl: `ws://127.0.0.1:${address.port}` };
}

export type RelayApp = Awaited<ReturnType<typeof startRelayApp>>;

/**
 * A relay app for the enclosing `describe`: started before its tests, closed after them together with every
 * socket its tests opened through `connect`. `relay()` is the running app.
 */
export function useRelayApp(limits: Partial<RelayLimits> = {}): {
  relay: () => RelayApp;
  connect: (path: string, headers: Record<string, string>) => Promise<WebSocket>;
  /** Drops every socket opened so far (a test that needs the relay quiet). */
  terminateSockets: () => void;
} {
  let running: RelayApp | undefined;
  const open: WebSocket[] = [];
  const relay = () => {
    if (!running) throw new Error('the relay app starts in beforeAll');
    return running;
  };
  beforeAll(async () => {
    running = await startRelayApp(limits);
  });
  const terminateSockets = () => {
    for (const socket of open.splice(0)) socket.terminate();
  };
  afterAll(async () => {
    terminateSockets();
    await running?.app.close();
  });
  return {
    relay,
    terminateSockets,
    async connect(path, headers) {
      const socket = await openSocket(`${relay().wsUrl}${path}`, headers);
      open.push(socket);
      return socket;
    },
  };
}
