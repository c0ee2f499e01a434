/**
 * @module HTTP set-up and bookkeeping shared by the fault tests: enroll a plan's people and create edge
 * keys through the real admin API, then audit the stored events against the plan's expected windows.
 */
import pg from 'pg';
import { PLAN_MODEL, type SightingPlan } from './sighting-plan.js';
import { idempotencyKeyOf } from './simulated-agent.js';

async function post<T>(baseUrl: string, adminKey: string, route: string, body: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': adminKey },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) {
    throw new Error(`POST ${route}: ${String(response.status)} ${await response.text()}`);
  }
  return (await response.json()) as T;
}

/** Enrolls one person per face (one template each, `concurrency` at a time); returns ids in face order. */
export async function enrollPeople(
  baseUrl: string,
  adminKey: string,
  faces: readonly (readonly number[])[],
  concurrency = 1,
): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < faces.length) {
      const index = next++;
      const person = await post<{ id: string }>(baseUrl, adminKey, '/v1/people', {
        name: `Fault Person ${String(index)}`,
        external_id: `fault-${String(index)}`,
        templates: { model: PLAN_MODEL, embeddings: [faces[index]] },
      });
      ids[index] = person.id;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return ids;
}

/** Enrolls every person of the plan; returns person ids by plan index. */
export function enrollPlanPeople(baseUrl: string, adminKey: string, plan: SightingPlan): Promise<string[]> {
  return enrollPeople(baseUrl, adminKey, plan.people);
}

/** A key with the `edge` scope, as each entrance would have. */
export async function createEdgeKey(baseUrl: string, adminKey: string, name: string): Promise<string> {
  return (await post<{ key: string }>(baseUrl, adminKey, '/v1/api-keys', { name, scopes: ['edge'] })).key;
}

export interface EventAudit {
  total: number;
  /** Expected windows with no event. */
  missing: string[];
  /** Windows with more than one event. */
  duplicated: string[];
  /** Events that match no known sighting of the right person (a stranger recorded, a wrong person). */
  unexpected: string[];
}

/** Compares every stored event with the plan: each expected window exactly once, nothing else. */
export async function auditEvents(
  databaseUrl: string,
  plan: SightingPlan,
  personIds: readonly string[],
  expectedWindows: ReadonlySet<string> = plan.expectedWindows,
): Promise<EventAudit> {
  const windowByKey = new Map<string, { window: string | null; personId: string | undefined }>();
  for (const sightings of plan.agents.values()) {
    for (const sighting of sightings) {
      windowByKey.set(`${idempotencyKeyOf(sighting)}:0`, {
        window: sighting.window,
        personId: sighting.person === null ? undefined : personIds[sighting.person],
      });
    }
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let rows: { idempotency_key: string | null; person_id: string }[];
  try {
    rows = (
      await client.query<{ idempotency_key: string | null; person_id: string }>(
        'SELECT idempotency_key, person_id FROM attendance_event',
      )
    ).rows;
  } finally {
    await client.end();
  }
  const perWindow = new Map<string, number>();
  const unexpected: string[] = [];
  for (const row of rows) {
    const sighting = row.idempotency_key === null ? undefined : windowByKey.get(row.idempotency_key);
    const known = sighting?.window != null && expectedWindows.has(sighting.window);
    if (!known || sighting?.window == null || sighting.personId !== row.person_id) {
      unexpected.push(row.idempotency_key ?? '(no key)');
      continue;
    }
    perWindow.set(sighting.window, (perWindow.get(sighting.window) ?? 0) + 1);
  }
  return {
    total: rows.length,
    missing: [...expectedWindows].filter((window) => !perWindow.has(window)),
    duplicated: [...perWindow].filter(([, count]) => count > 1).map(([window]) => window),
    unexpected,
  };
}
