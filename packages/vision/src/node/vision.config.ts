import { defaultModelsDir, resolveModelsDir } from './models-dir.js';

/**
 * The only place this package reads the environment.
 * - `MODELS_DIR`: local model files (relative to the working directory; default: the per-user model
 *   cache, see {@link defaultModelsDir}).
 * - `XDG_CACHE_HOME`: downloaded packs go to `$XDG_CACHE_HOME/smart-attendance/models`
 *   (default `~/.cache/smart-attendance/models`), the same directory.
 */
export interface VisionConfig {
  modelsDir: string;
  cacheDir: string;
}

export function loadVisionConfig(env: NodeJS.ProcessEnv = process.env): VisionConfig {
  return {
    modelsDir: resolveModelsDir(env.MODELS_DIR, process.cwd(), env),
    cacheDir: defaultModelsDir(env),
  };
}
