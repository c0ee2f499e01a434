import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/**
 * Where model files live when nothing says otherwise: the per-user cache of the XDG base directory spec,
 * `$XDG_CACHE_HOME/smart-attendance/models`, else `~/.cache/smart-attendance/models`. The server (which
 * serves the dashboard's and kiosk's models) and the edge CLI (`attendance models download`, `camera`,
 * `register`) share it, so a pack downloaded once is found by both.
 * @example defaultModelsDir({ XDG_CACHE_HOME: '/var/cache' }) // '/var/cache/smart-attendance/models'
 */
export function defaultModelsDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const xdg = env['XDG_CACHE_HOME'];
  // The spec says a relative XDG_CACHE_HOME is invalid and must be ignored.
  const cacheHome = xdg !== undefined && xdg !== '' && isAbsolute(xdg) ? xdg : join(homedir(), '.cache');
  return join(cacheHome, 'smart-attendance', 'models');
}

/**
 * `MODELS_DIR` as the user meant it: a relative path is relative to the directory the command was started
 * from (`baseDir`, e.g. npm's INIT_CWD), not to the workspace npm switched into; unset or empty means
 * {@link defaultModelsDir}.
 */
export function resolveModelsDir(
  value: string | undefined,
  baseDir: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  return value === undefined || value === '' ? defaultModelsDir(env) : resolve(baseDir, value);
}
