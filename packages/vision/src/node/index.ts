/**
 * `@attendance/vision/node`: the face pipeline on `onnxruntime-node`, image decoding with sharp, and
 * model packs (local directories and InsightFace's downloadable buffalo packs).
 * @module
 */
import { basename } from 'node:path';
import { createPipeline } from '../create-pipeline.js';
import type { FacePipeline } from '../face-pipeline.js';
import { insightfaceDetector, insightfaceRecognizer } from '@attendance/models';
import { detectorSpecForType } from '@attendance/models';
import { PassiveLiveness, type PassiveLivenessOptions } from '../liveness/passive-liveness.js';
import { BUILTIN_PACKS, DEFAULT_LIVENESS_MODELS, DEFAULT_PACK, isBuiltinPack } from '@attendance/models';
import type { DetectorType, ModelSpec } from '@attendance/models';
import type { QualityThresholds } from '../types.js';
import { readModelFile, readPackDirectory, modelPath } from './model-files.js';
import type { GraphOptimizationLevel } from '../runtime/session-tuning.js';
import { createNodeRuntime, type NodeProvider, type NodeRuntimeOptions } from './onnx-runtime.js';
import { SettingsCacheFile } from './settings-cache-file.js';
import { ensurePack } from './pack-cache.js';
import type { DownloadProgress } from './resumable-download.js';
import { loadVisionConfig } from './vision.config.js';

export { decodeImageBuffer, decodeImageFile, encodeJpeg } from './image-io.js';
export { cpuModel, onnxRuntimeVersion, type NodeProvider, type NodeRuntimeOptions } from './onnx-runtime.js';
export { ensurePack, type EnsurePackOptions } from './pack-cache.js';
export {
  downloadResumable,
  sha256OfFile,
  type DownloadOptions,
  type DownloadProgress,
} from './resumable-download.js';
export { loadVisionConfig, type VisionConfig } from './vision.config.js';
export {
  convertIrToOnnx,
  SUPPORTED_IR_OPERATIONS,
  UnsupportedIrOperationError,
  type IrToOnnxOptions,
} from './openvino-ir/ir-to-onnx.js';
export { defaultModelsDir, resolveModelsDir } from '@attendance/models/models-dir';

export interface NodePipelineOptions {
  /** Directory of local model files (default `MODELS_DIR`, else the per-user model cache). */
  modelsDir?: string;
  /** Detector file: absolute, or relative to `modelsDir`. Overrides the pack's. */
  detector?: string;
  /** Recognizer file: absolute, or relative to `modelsDir`. Overrides the pack's. */
  recognizer?: string;
  /** Built-in pack name (`open-256` default, `open-sface-128`, `faceplugin-512`, `mobilefacenet-128`, `buffalo_l|s|sc`) or a directory with `pack.json`. */
  pack?: string;
  /** For a detector file that is neither known by hash nor described by `<file>.json`. */
  detectorType?: DetectorType;
  /** Detector input size for dynamic exports (default 320 on CPU, 640 with CUDA). */
  detSize?: number;
  scoreThreshold?: number;
  nmsThreshold?: number;
  provider?: NodeProvider;
  /** Forces ONNX Runtime's intra-op threads (otherwise chosen per model by timing). */
  threads?: number;
  /** Forces ONNX Runtime's graph optimisation level; `'auto'` (default) chooses per model by timing. */
  graphOptimization?: GraphOptimizationLevel | 'auto';
  /** Chosen settings cache (default `$XDG_CACHE_HOME/smart-attendance/onnxruntime-settings.json`; null: none). */
  settingsCacheFile?: string | null;
  quality?: Partial<QualityThresholds>;
  /** Overrides the recognizer's calibrated cosine threshold. */
  threshold?: number;
  /** Download cache for remote packs (default `$XDG_CACHE_HOME/smart-attendance/models`). */
  cacheDir?: string;
  onDownloadProgress?: (progress: DownloadProgress) => void;
  log?: (line: string) => void;
}

interface ResolvedFiles {
  dir: string;
  detector: string;
  recognizer: string;
  /** Specs by role for pack files not known by hash (InsightFace buffalo weights). */
  packSpecs?: { detector: ModelSpec; recognizer: ModelSpec };
}

async function resolveFiles(
  options: NodePipelineOptions,
  modelsDir: string,
  cacheDir: string,
): Promise<ResolvedFiles> {
  const packName = options.pack ?? DEFAULT_PACK;
  if (isBuiltinPack(packName)) {
    const pack = BUILTIN_PACKS[packName];
    if (pack.source === 'local') {
      return { dir: modelsDir, detector: pack.detector, recognizer: pack.recognizer };
    }
    const dir = await ensurePack(pack, { cacheDir, onProgress: options.onDownloadProgress });
    const stem = (file: string) => basename(file, '.onnx');
    return {
      dir,
      detector: pack.detector,
      recognizer: pack.recognizer,
      packSpecs: {
        detector: insightfaceDetector(stem(pack.detector)),
        recognizer: insightfaceRecognizer(stem(pack.recognizer)),
      },
    };
  }
  const packFiles = await readPackDirectory(packName);
  if (!packFiles) {
    throw new Error(
      `unknown pack ${packName}: not a built-in pack (${Object.keys(BUILTIN_PACKS).join(', ')}) nor a directory with pack.json`,
    );
  }
  return { dir: packName, ...packFiles };
}

/**
 * Loads detector + recognizer on ONNX Runtime for Node (CPU; `provider: 'cuda'` tries CUDA first).
 * @example
 * const pipeline = await loadNodePipeline({ detSize: 320 });
 * const faces = await pipeline.analyze(await decodeImageFile('photo.jpg'));
 * // faces[i].embedding: Float32Array(pipeline.dim), L2-normalised, or null if quality failed
 */
export async function loadNodePipeline(options: NodePipelineOptions = {}): Promise<FacePipeline> {
  const config = loadVisionConfig();
  const modelsDir = options.modelsDir ?? config.modelsDir;
  const files = await resolveFiles(options, modelsDir, options.cacheDir ?? config.cacheDir);
  const detectorPath = options.detector
    ? modelPath(options.detector, modelsDir)
    : modelPath(files.detector, files.dir);
  const recognizerPath = options.recognizer
    ? modelPath(options.recognizer, modelsDir)
    : modelPath(files.recognizer, files.dir);
  const detectorFallback = options.detectorType
    ? detectorSpecForType(options.detectorType)
    : options.detector
      ? undefined
      : files.packSpecs?.detector;
  const recognizerFallback = options.recognizer ? undefined : files.packSpecs?.recognizer;
  const [detector, recognizer] = await Promise.all([
    readModelFile(detectorPath, detectorFallback),
    readModelFile(recognizerPath, recognizerFallback),
  ]);
  const runtime = createNodeRuntime(runtimeOptions(options, config.settingsCacheFile));
  return createPipeline(runtime, {
    detector,
    recognizer,
    quality: options.quality,
    threshold: options.threshold,
    // The original's choice: 320 on CPU (≈4× faster), 640 on GPU.
    detSize: options.detSize ?? (options.provider === 'cuda' ? 640 : 320),
    ...(options.scoreThreshold ? { scoreThreshold: options.scoreThreshold } : {}),
    ...(options.nmsThreshold ? { nmsThreshold: options.nmsThreshold } : {}),
  });
}

export interface NodeLivenessOptions extends PassiveLivenessOptions {
  /** Directory of local model files (default `MODELS_DIR`, else the per-user model cache). */
  modelsDir?: string;
  /** Built-in pack whose liveness pair to use (default: the MiniFASNet pair under `antispoof/`). */
  pack?: string;
  /** Liveness model files (absolute or relative to `modelsDir`); override the pack's. */
  models?: readonly string[];
  provider?: NodeProvider;
  threads?: number;
  graphOptimization?: GraphOptimizationLevel | 'auto';
  settingsCacheFile?: string | null;
  log?: (line: string) => void;
}

/**
 * Loads the passive-liveness model pair (MiniFASNet 2.7× + 4.0×) on `onnxruntime-node`.
 * @example
 * const liveness = await createPassiveLiveness({ pack: 'open-256' });
 * const { score, decision } = await liveness.check(frame, faces[0]);
 */
export async function createPassiveLiveness(options: NodeLivenessOptions = {}): Promise<PassiveLiveness> {
  const modelsDir = options.modelsDir ?? loadVisionConfig().modelsDir;
  const pack = options.pack && isBuiltinPack(options.pack) ? BUILTIN_PACKS[options.pack] : undefined;
  if (options.pack && !pack) throw new Error(`unknown pack ${options.pack}`);
  const packFiles = pack && 'liveness' in pack ? pack.liveness : undefined;
  const files = options.models ?? packFiles ?? DEFAULT_LIVENESS_MODELS;
  const models = await Promise.all(files.map((file) => readModelFile(modelPath(file, modelsDir))));
  const runtime = createNodeRuntime(runtimeOptions(options, loadVisionConfig().settingsCacheFile));
  return PassiveLiveness.load(runtime, models, options);
}

function runtimeOptions(
  options: Pick<
    NodePipelineOptions,
    'provider' | 'threads' | 'graphOptimization' | 'settingsCacheFile' | 'log'
  >,
  defaultCacheFile: string,
): NodeRuntimeOptions {
  const cacheFile = options.settingsCacheFile === undefined ? defaultCacheFile : options.settingsCacheFile;
  return {
    ...(options.provider ? { provider: options.provider } : {}),
    ...(options.threads ? { threads: options.threads } : {}),
    ...(options.graphOptimization ? { graphOptimization: options.graphOptimization } : {}),
    settingsCache: cacheFile === null ? null : new SettingsCacheFile(cacheFile),
    ...(options.log ? { log: options.log } : {}),
  };
}
