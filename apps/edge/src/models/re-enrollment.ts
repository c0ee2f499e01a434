import type { Person } from '@attendance/protocol';
import type { ApiClient } from '../client/api-client.js';

export interface ReEnrollmentReport {
  activePeople: number;
  /** Active people with no template of the model: they are not recognised until re-enrolled. */
  missing: Person[];
}

/** Asks the server which active people have no template of `modelId` (all pages). */
export async function reEnrollmentReport(client: ApiClient, modelId: string): Promise<ReEnrollmentReport> {
  const active = await client.listPeople({ active: 'true', limit: 1 });
  const missing: Person[] = [];
  for (;;) {
    const page = await client.listPeople({
      active: 'true',
      without_model: modelId,
      limit: 500,
      offset: missing.length,
    });
    missing.push(...page.items);
    if (page.items.length === 0 || missing.length >= page.total) break;
  }
  return { activePeople: active.total, missing };
}
