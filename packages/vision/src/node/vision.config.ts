import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The only place this package reads the environment.
 * - `MODELS_DIR`: local model files (default `../shared/models` relative to the repo root, the test fixtures).
 * - `XDG_CACHE_HOME`: downloaded packs go to `$XDG_CACHE_HOME/smart-attendance/models`
 *   (default `~/.cache/smart-attendance/models`).
 */
export interface VisionConfig {
  modelsDir: string;
  cacheDir: string;
}

const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..');

export function loadVisionConfig(env: NodeJS.ProcessEnv = process.env): VisionConfig {
  return {
    modelsDir: resolve(env.MODELS_DIR ?? join(REPO_ROOT, '..', 'shared', 'models')),
    cacheDir: join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'smart-attendance', 'models'),
  };
}
