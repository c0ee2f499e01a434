import { readFileSync } from 'node:fs';
import path from 'node:path';

const FIXTURE = path.join(import.meta.dirname, '../fixtures/home-assistant-discovery.json');

/** The fixture's discovery configs (topic → payload) with its `<placeholders>` filled in. */
export function expectedDiscoveryConfigs(values: Record<string, string>): Map<string, unknown> {
  let text = readFileSync(FIXTURE, 'utf8');
  for (const [name, value] of Object.entries(values)) text = text.replaceAll(`<${name}>`, value);
  const { configs } = JSON.parse(text) as { configs: Record<string, unknown> };
  return new Map(Object.entries(configs));
}
