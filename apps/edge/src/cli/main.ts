/**
 * @module Entry point of the `attendance` CLI: picks the subcommand, wires Ctrl-C, maps errors to
 * exit codes. No logic of its own.
 */
import { readFileSync } from 'node:fs';
import { CONFIG_FLAGS_HELP } from '../config/edge-config.js';
import { invocationDirectory } from '../config/environment.js';
import { attendanceCommand } from './attendance.command.js';
import { cameraCommand } from './camera.command.js';
import { EdgeError, EXIT_CODES } from '../errors.js';
import type { Command, CommandContext } from './command.js';
import { doctorCommand } from './doctor.command.js';
import { embedCommand } from './embed.command.js';
import { createStderrLogger } from '../logger.js';
import { keysCommand } from './keys.command.js';
import { modelsCommand } from './models.command.js';
import { pairCommand } from './pair.command.js';
import { registerCommand } from './register.command.js';

const COMMANDS: readonly Command[] = [
  cameraCommand,
  registerCommand,
  attendanceCommand,
  doctorCommand,
  modelsCommand,
  keysCommand,
  pairCommand,
  embedCommand,
];

const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

function usage(): string {
  const lines = COMMANDS.map((command) => `  ${command.name.padEnd(11)} ${command.summary}`);
  return `Usage: attendance <command> [options]   (attendance <command> --help for its own options)
       attendance --help | --version

Commands:
${lines.join('\n')}

Shared options: every command takes these.
${CONFIG_FLAGS_HELP}

Exit codes: 0 ok, 1 failure, 64 usage, 69 server unreachable, 70 model error, 78 configuration error.`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V') {
    process.stdout.write(`attendance ${VERSION}\n`);
    return EXIT_CODES.ok;
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return name === undefined ? EXIT_CODES.usage : EXIT_CODES.ok;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    process.stderr.write(`unknown command "${name}"\n\n${usage()}\n`);
    return EXIT_CODES.usage;
  }
  const controller = new AbortController();
  let firstSignalAt: number | null = null;
  const onSignal = () => {
    // A terminal's Ctrl-C may arrive twice (directly and forwarded by npm or the launcher).
    if (firstSignalAt !== null) {
      if (Date.now() - firstSignalAt > 500) process.exit(130);
      return;
    }
    firstSignalAt = Date.now();
    process.stderr.write('\nstopping (press Ctrl-C again to force)…\n');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const context: CommandContext = {
    cwd: invocationDirectory(),
    log: createStderrLogger(),
    signal: controller.signal,
    stdout: process.stdout,
  };
  try {
    return await command.run(rest, context);
  } catch (error) {
    if (error instanceof EdgeError) {
      process.stderr.write(`attendance ${name}: ${error.message}\n`);
      return EXIT_CODES[error.exitCode];
    }
    process.stderr.write(
      `attendance ${name}: unexpected error: ${(error as Error).stack ?? String(error)}\n`,
    );
    return EXIT_CODES.failure;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

const exitCode = await main(process.argv.slice(2));
// Exit once stdout is flushed, even if a library left a handle open (ONNX Runtime threads, sockets).
process.stdout.write('', () => process.exit(exitCode));
