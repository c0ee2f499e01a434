import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = path.resolve(import.meta.dirname, '../../bin/attendance-server.js');
const VERSION = (
  JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8')) as {
    version: string;
  }
).version;

/** Runs the installed entry point; PORT 1 would make a server that started fail, so exit 0 proves it did not. */
const run = (args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], {
    cwd: tmpdir(),
    env: {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      HOME: tmpdir(),
      PORT: '1',
      DATA_DIR: '/nonexistent/x',
    },
    encoding: 'utf8',
    timeout: 60_000,
  });

describe('attendance-server command line', () => {
  it('--help prints the settings and exits without starting a server', () => {
    const help = run(['--help']);
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toContain('DATABASE_URL');
    expect(help.stdout).toContain('.env.example');
    expect(help.stdout).not.toContain('server ready');
  }, 60_000);

  it('--version prints the version; an unknown flag exits 64', () => {
    const version = run(['--version']);
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toBe(`attendance-server ${VERSION}`);
    const unknown = run(['--port', '8080']);
    expect(unknown.status).toBe(64);
    expect(unknown.stderr).toContain('--help');
  }, 60_000);
});
