/**
 * @module The only reader of `process.env`: merges the process environment over a `.env` file.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { EdgeError } from '../errors.js';
import { deviceCredentialLayer } from './device-credential.js';

/**
 * The directory the user ran the command from. `npm run -w` starts scripts inside the workspace, but
 * npm records the original directory in INIT_CWD; relative paths on the command line mean that one.
 */
export function invocationDirectory(): string {
  return process.env['INIT_CWD'] ?? process.cwd();
}

/**
 * Returns the effective environment: variables from `envFile` (default `<cwd>/.env`, ignored when
 * missing) overridden by the real environment, as `node --env-file` does, over the credential stored by
 * `attendance pair` (see device-credential.ts). Does not mutate process.env.
 */
export function readEnvironment(cwd: string, envFile?: string): Record<string, string | undefined> {
  const file = path.resolve(cwd, envFile ?? '.env');
  let fromFile: Record<string, string | undefined> = {};
  if (existsSync(file)) {
    try {
      fromFile = parseEnv(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new EdgeError('config', `cannot read ${file}: ${(error as Error).message}`);
    }
  } else if (envFile !== undefined) {
    throw new EdgeError('config', `env file not found: ${file}`);
  }
  const merged = { ...fromFile, ...process.env };
  // A credential stored by `attendance pair` fills what neither .env nor the environment sets.
  return { ...deviceCredentialLayer(merged), ...merged };
}
