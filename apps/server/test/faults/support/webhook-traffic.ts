/**
 * @module Webhook fault scenarios' traffic, through the real HTTP API of a server process: endpoints,
 * one enrolled face, a stream of identifies (every one an attendance event with SIGHTING_GAP_SECONDS=0),
 * and the events the server stored, to compare with what a receiver got.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Queryable } from '../../../src/db/database.js';
import { randomUnitVector, seededRandom } from '../../support/embeddings.js';
import { ServerProcess, freePort } from '../../support/server-process.js';
import type { ReceivedRequest } from '../../integrations/support/webhook-receiver.js';
import { PLAN_MODEL } from './sighting-plan.js';

export const WEBHOOK_ADMIN_KEY = 'sa_fault_webhooks_admin_key_0123456789';

/** Quick retries (backoff capped at 2 s) so a receiver's return is noticed within seconds. */
export const FAST_WEBHOOKS = {
  WEBHOOK_ALLOW_LOOPBACK: 'true',
  WEBHOOK_POLL_MS: '200',
  WEBHOOK_RETRY_INITIAL_SECONDS: '0.5',
  WEBHOOK_RETRY_MAX_SECONDS: '2',
  SIGHTING_GAP_SECONDS: '0',
};

/** A server process on `databaseUrl` with its own data directory (removed by `dispose`). */
export async function webhookServer(
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<ServerProcess & { dispose(): Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'fault-webhooks-'));
  const server = new ServerProcess(await freePort(), {
    DATABASE_URL: databaseUrl,
    API_KEY: WEBHOOK_ADMIN_KEY,
    DATA_DIR: dir,
    ...FAST_WEBHOOKS,
    ...env,
  });
  return Object.assign(server, {
    async dispose() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}

async function create<T>(baseUrl: string, route: string, body: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': WEBHOOK_ADMIN_KEY },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`POST ${route}: ${String(response.status)}`);
  return (await response.json()) as T;
}

export function createEndpoint(
  baseUrl: string,
  url: string,
  events: string[],
): Promise<{ id: string; secret: string }> {
  return create(baseUrl, '/v1/webhooks', { url, events });
}

/** One enrolled person; returns the face that identifies them. */
export async function enrollOne(baseUrl: string, seed: number): Promise<number[]> {
  const face = randomUnitVector(512, seededRandom(seed));
  await create(baseUrl, '/v1/people', {
    name: `Webhook Person ${String(seed)}`,
    templates: { model: PLAN_MODEL, embeddings: [face] },
  });
  return face;
}

/** Identifies `face` once; answers the result's status (`recorded` when an event was stored). */
export async function identify(baseUrl: string, face: number[], cameraId = 'door-hooks'): Promise<string> {
  const response = await fetch(`${baseUrl}/v1/identify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': WEBHOOK_ADMIN_KEY },
    body: JSON.stringify({ camera_id: cameraId, model: PLAN_MODEL, faces: [{ embedding: face }] }),
  });
  const body = (await response.json()) as { results?: { status: string }[] };
  return response.ok ? (body.results?.[0]?.status ?? 'none') : `http ${String(response.status)}`;
}

/** Ids of the stored `attendance.recorded` integration events. */
export async function storedEventIds(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id::text AS id FROM integration_event WHERE type = 'attendance.recorded' ORDER BY occurred_at`,
  );
  return rows.map((row) => row.id);
}

/** Event ids of `requests` (the body's id, which must equal the webhook-id header), in arrival order. */
export function deliveredIds(requests: readonly ReceivedRequest[]): string[] {
  return requests.map((request) => {
    const { id } = JSON.parse(request.body) as { id: string };
    if (request.headers['webhook-id'] !== id) {
      throw new Error(`webhook-id ${String(request.headers['webhook-id'])} ≠ ${id}`);
    }
    return id;
  });
}

/** Ids that occur more than once. */
export function repeated(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  return ids.filter((id) => (seen.has(id) ? true : (seen.add(id), false)));
}
