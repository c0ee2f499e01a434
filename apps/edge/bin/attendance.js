#!/usr/bin/env node
// Tiny launcher: runs the TypeScript CLI with the tsx loader (the project has no build step).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import process from 'node:process';
import { URL, fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const loader = pathToFileURL(require.resolve('tsx')).href;
const entry = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const child = spawn(process.execPath, ['--import', loader, entry, ...process.argv.slice(2)], {
  stdio: 'inherit',
});
// Ctrl-C reaches the CLI directly (same process group); forward signals sent to this launcher only.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  process.exit(code ?? 128 + (signal ? constants.signals[signal] : 1));
});
