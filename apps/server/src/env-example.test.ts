import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cacheEnvShape } from './cache/cache-config.js';
import { CONFIG_VARIABLES, loadConfig } from './config.js';
import { relayEnvShape } from './relay/relay-config.js';
import { uiEnvShape } from './ui/ui-config.js';

const example = readFileSync(new URL('../../../.env.example', import.meta.url), 'utf8');
const othersOwn = new Set([
  ...Object.keys(cacheEnvShape),
  ...Object.keys(relayEnvShape),
  ...Object.keys(uiEnvShape),
]);
const serverVariables = CONFIG_VARIABLES.filter((name) => !othersOwn.has(name));

describe('.env.example (server section)', () => {
  it.each(serverVariables)('documents %s', (name) => {
    expect(example).toMatch(new RegExp(`^#? ?${name}=`, 'm'));
  });

  it('its example values parse', () => {
    const values = Object.fromEntries(
      [...example.matchAll(/^# ?([A-Z_]+)=(.*)$/gm)]
        .map((m) => [m[1] ?? '', m[2] ?? ''] as const)
        .filter(([name]) => serverVariables.includes(name)),
    );
    expect(() => loadConfig(values)).not.toThrow();
  });
});
