import { dirname, join } from 'node:path';
import { defaultModelsDir, resolveModelsDir } from '@attendance/models/models-dir';

/**
 * The only place this package reads the environment.
 * - `MODELS_DIR`: local model files (relative to the working directory; default: the per-user model
 *   cache, see {@link defaultModelsDir}).
 * - `XDG_CACHE_HOME`: downloaded packs go to `$XDG_CACHE_HOME/smart-attendance/models`
 *   (default `~/.cache/smart-attendance/models`), the same directory; ONNX Runtime settings chosen per
 *   model on this machine go next to it, to `$XDG_CACHE_HOME/smart-attendance/onnxruntime-settings.json`.
 */
export interface VisionConfig {
  modelsDir: string;
  cacheDir: string;
  settingsCacheFile: string;
}

export function loadVisionConfig(env: NodeJS.ProcessEnv = process.env): VisionConfig {
  const cacheDir = defaultModelsDir(env);
  return {
    modelsDir: resolveModelsDir(env.MODELS_DIR, process.cwd(), env),
    cacheDir,
    settingsCacheFile: join(dirname(cacheDir), 'onnxruntime-settings.json'),
  };
}
