import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.js';

const VERSION = (
  JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../package.json'), 'utf8')) as {
    version: string;
  }
).version;
/** Generous: each case spawns the CLI on a shared 2-core machine. */
const TIMEOUT_MS = 60_000;
/** The heading of the shared options' list. */
const SHARED_FLAG = 'Configuration (flag / environment variable):';

describe('attendance --help and --version', () => {
  it(
    'prints the version',
    async () => {
      const run = await runCli(['--version'], { env: {}, cwd: tmpdir() });
      expect(run.code).toBe(0);
      expect(run.stdout.trim()).toBe(`attendance ${VERSION}`);
    },
    TIMEOUT_MS,
  );

  it(
    'lists the commands and the shared options once; a command lists only its own and points to them',
    async () => {
      const top = await runCli(['--help'], { env: {}, cwd: tmpdir() });
      expect(top.code).toBe(0);
      expect(top.stdout).toContain('camera');
      expect(top.stdout.split(SHARED_FLAG)).toHaveLength(2);
      for (const command of ['camera', 'register', 'embed']) {
        const sub = await runCli([command, '--help'], { env: {}, cwd: tmpdir() });
        expect(sub.code, sub.stderr).toBe(0);
        expect(sub.stdout).toContain(`attendance ${command}`);
        expect(sub.stdout).not.toContain(SHARED_FLAG);
        expect(sub.stdout).toContain('attendance --help');
      }
    },
    TIMEOUT_MS * 2,
  );
});
