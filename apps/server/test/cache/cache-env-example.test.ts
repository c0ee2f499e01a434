import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { cacheEnvShape, toCacheConfig } from '../../src/cache/cache-config.js';

const envExample = readFileSync(new URL('../../../../.env.example', import.meta.url), 'utf8');

/** `# NAME=value` lines of the "--- Cache ---" section. */
function documentedCacheVariables(): Record<string, string> {
  const section = /# --- Cache ---\n([\s\S]*?)(?:\n# --- |$)/.exec(envExample)?.[1] ?? '';
  const documented: Record<string, string> = {};
  for (const match of section.matchAll(/^# ([A-Z][A-Z0-9_]*)=(.*)$/gm)) {
    documented[match[1] ?? ''] = match[2] ?? '';
  }
  return documented;
}

describe('.env.example cache section', () => {
  it('documents every cache variable, with the real default', () => {
    const documented = documentedCacheVariables();
    expect(Object.keys(documented).sort()).toEqual(Object.keys(cacheEnvShape).sort());
    const schema = z.object(cacheEnvShape);
    expect(toCacheConfig(schema.parse(documented))).toEqual(toCacheConfig(schema.parse({})));
  });
});
