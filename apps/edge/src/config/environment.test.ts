import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EdgeError } from '../errors.js';
import { readEnvironment } from './environment.js';

describe(readEnvironment.name, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'edge-env-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads .env from the directory, and the real environment wins over it', () => {
    writeFileSync(path.join(dir, '.env'), 'EDGE_TEST_ONLY_IN_FILE=from-file\nPATH=/from/file\n');
    const env = readEnvironment(dir);
    expect(env['EDGE_TEST_ONLY_IN_FILE']).toBe('from-file');
    expect(env['PATH']).toBe(process.env['PATH']);
    expect(process.env['EDGE_TEST_ONLY_IN_FILE']).toBeUndefined();
  });

  it('ignores a missing default .env but refuses a missing explicit one', () => {
    const empty = mkdtempSync(path.join(dir, 'empty-'));
    expect(() => readEnvironment(empty)).not.toThrow();
    expect(() => readEnvironment(empty, 'prod.env')).toThrow(EdgeError);
  });
});
