import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { EdgeConfig } from '../config/edge-config.js';
import type { CheckResult } from './doctor-check.js';

const run = promisify(execFile);

/**
 * ONNX Runtime version and the execution providers this build lists. Read-only diagnostics: sessions
 * are created by `@attendance/vision`, which owns the runtime.
 */
export async function checkOnnxRuntime(): Promise<CheckResult> {
  try {
    const ort = await import('onnxruntime-node');
    const backends = ort.listSupportedBackends();
    const list = backends.map((b) => `${b.name}${b.bundled ? '' : ' (needs system libraries)'}`);
    return {
      name: 'onnx runtime',
      status: 'ok',
      detail: `onnxruntime-node ${ort.env.versions.node ?? ort.env.versions.common}; providers: ${list.join(', ')}`,
    };
  } catch (error) {
    return { name: 'onnx runtime', status: 'fail', detail: (error as Error).message, exitCode: 'model' };
  }
}

const CUDA_LIBRARIES = {
  linux: ['libcudart.so.12', 'libcublas.so.12', 'libcublasLt.so.12', 'libcufft.so.11', 'libcudnn.so.9'],
  win32: ['cudart64_12.dll', 'cublas64_12.dll', 'cublasLt64_12.dll', 'cufft64_11.dll', 'cudnn64_9.dll'],
} as const;

/**
 * CUDA 12 / cuDNN 9 libraries that ONNX Runtime's CUDA provider loads, looked up in the dynamic linker
 * cache (`ldconfig -p`) and LD_LIBRARY_PATH (PATH on Windows). Missing libraries fail only when the
 * configuration asks for CUDA.
 */
export async function checkCudaLibraries(
  config: EdgeConfig,
  env: Readonly<Record<string, string | undefined>>,
): Promise<CheckResult> {
  const platform = process.platform === 'win32' ? 'win32' : 'linux';
  const wanted = CUDA_LIBRARIES[platform];
  const found = new Set<string>();
  if (platform === 'linux') {
    const cache = await run('ldconfig', ['-p']).catch(() =>
      run('/sbin/ldconfig', ['-p']).catch(() => ({ stdout: '' })),
    );
    for (const lib of wanted) if (cache.stdout.includes(lib)) found.add(lib);
  }
  const searchPath = platform === 'win32' ? env['PATH'] : env['LD_LIBRARY_PATH'];
  for (const dir of (searchPath ?? '').split(path.delimiter).filter(Boolean)) {
    const files = safeList(dir);
    for (const lib of wanted) if (files.includes(lib)) found.add(lib);
  }
  const missing = wanted.filter((lib) => !found.has(lib));
  const needed = config.provider === 'cuda';
  if (missing.length === 0) {
    return { name: 'cuda libraries', status: 'ok', detail: `found ${wanted.join(', ')}` };
  }
  return {
    name: 'cuda libraries',
    status: needed ? 'fail' : 'ok',
    detail: needed
      ? `missing ${missing.join(', ')} (install CUDA 12 + cuDNN 9 or add them to LD_LIBRARY_PATH)`
      : `not needed for provider cpu (missing ${missing.length} of ${wanted.length})`,
    exitCode: 'model',
  };
}

/** ffmpeg and ffprobe, needed by `camera` and `register --camera`. */
export async function checkFfmpeg(config: EdgeConfig): Promise<CheckResult> {
  try {
    const { stdout } = await run(config.ffmpegPath, ['-hide_banner', '-version'], { timeout: 10_000 });
    await run(config.ffprobePath, ['-version'], { timeout: 10_000 });
    return { name: 'ffmpeg', status: 'ok', detail: stdout.split('\n')[0] ?? 'present' };
  } catch (error) {
    return {
      name: 'ffmpeg',
      status: 'fail',
      detail: `${config.ffmpegPath}/${config.ffprobePath} not usable (${(error as Error).message.split('\n')[0]}); install ffmpeg`,
    };
  }
}

/** The configured camera source exists (device node or file); streams are probed by `camera` itself. */
export function checkCameraSource(config: EdgeConfig, cwd: string): CheckResult {
  const source = config.cameraSource;
  if (source === null) {
    return { name: 'camera', status: 'warn', detail: 'no CAMERA_SOURCE / --source configured' };
  }
  if (/^[a-z]+:\/\//i.test(source) || /^(dshow|avfoundation|webcam):/.test(source)) {
    return {
      name: 'camera',
      status: 'ok',
      detail: `${source.replace(/\/\/[^@/]*@/, '//***@')} (not opened)`,
    };
  }
  const file = path.resolve(cwd, source.replace(/^v4l2:/, ''));
  return existsSync(file)
    ? { name: 'camera', status: 'ok', detail: `${file} exists` }
    : { name: 'camera', status: 'fail', detail: `${file} does not exist` };
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
