import { parseArgs, type ParseArgsConfig } from 'node:util';
import {
  CONFIG_FLAG_OPTIONS,
  resolveEdgeConfig,
  type ConfigFlags,
  type EdgeConfig,
} from '../config/edge-config.js';
import { readEnvironment } from '../config/environment.js';
import { EdgeError } from '../errors.js';
import type { Logger } from '../logger.js';

/** What every subcommand receives from `main`. */
export interface CommandContext {
  /** Directory the user ran the command from; relative paths mean this one. */
  readonly cwd: string;
  readonly log: Logger;
  /** Aborted on Ctrl-C / SIGTERM. */
  readonly signal: AbortSignal;
  /** Data output (tables, JSON lines). Logs go to stderr through `log`. */
  readonly stdout: NodeJS.WritableStream;
}

export interface Command {
  readonly name: string;
  readonly summary: string;
  /** Returns the process exit code. */
  run(argv: string[], context: CommandContext): Promise<number>;
}

/** Every subcommand also takes the shared configuration flags; they are listed once, by `attendance --help`. */
export const SHARED_FLAGS_POINTER =
  'Also takes the shared options (server, key, camera, models, runtime, liveness, quality): see `attendance --help`.';

type Options = NonNullable<ParseArgsConfig['options']>;

/** The parsed values of a command's own options: booleans for flags, strings otherwise. */
export type FlagValues<O extends Options> = {
  [K in keyof O]?: O[K] extends { type: 'boolean' } ? boolean : string;
};

export interface ParsedCommand<O extends Options> {
  readonly values: FlagValues<O>;
  readonly positionals: string[];
  readonly config: EdgeConfig;
  /** The effective environment (process environment over `.env`), for diagnostics. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * Parses a subcommand's arguments (its own options plus the shared configuration flags and `--help`).
 * Returns null after printing the help when `--help` was given.
 */
export function parseCommand<O extends Options>(
  argv: string[],
  spec: { options: O; usage: string; allowPositionals?: boolean },
  context: CommandContext,
): ParsedCommand<O> | null {
  const options = { ...spec.options, ...CONFIG_FLAG_OPTIONS, help: { type: 'boolean', short: 'h' } } as const;
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: argv,
      options,
      allowPositionals: spec.allowPositionals ?? false,
      strict: true,
    });
  } catch (error) {
    throw new EdgeError('usage', `${(error as Error).message}\n\n${spec.usage}`);
  }
  if (parsed.values['help'] === true) {
    context.stdout.write(`${spec.usage}\n\n${SHARED_FLAGS_POINTER}\n`);
    return null;
  }
  const flags: ConfigFlags = {};
  for (const key of Object.keys(CONFIG_FLAG_OPTIONS) as (keyof ConfigFlags)[]) {
    const value = parsed.values[key];
    if (typeof value === 'string') flags[key] = value;
  }
  const env = readEnvironment(context.cwd, flags['env-file']);
  const config: EdgeConfig = resolveEdgeConfig(flags, env, context.cwd);
  return { values: parsed.values as FlagValues<O>, positionals: parsed.positionals, config, env };
}

/** Parses a positive number flag, or returns the fallback when absent. */
export function numberFlag(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (typeof value !== 'string' || !Number.isFinite(number) || number <= 0) {
    throw new EdgeError(
      'usage',
      `--${name} must be a positive number (got "${typeof value === 'string' ? value : typeof value}")`,
    );
  }
  return number;
}
