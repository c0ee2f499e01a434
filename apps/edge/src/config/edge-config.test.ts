import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EdgeError } from '../errors.js';
import { resolveEdgeConfig } from './edge-config.js';

describe(resolveEdgeConfig.name, () => {
  it('uses defaults when nothing is configured', () => {
    const config = resolveEdgeConfig({}, {}, '/work/x');
    expect(config.serverUrl).toBe('http://127.0.0.1:8000');
    expect(config.apiKey).toBeNull();
    expect(config.cameraId).toBe('entrance-1');
    expect(config.dataDir).toBe('/work/x/data/edge');
    expect(config.provider).toBe('cpu');
    expect(config.detSize).toBe(320);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('prefers flags over the environment, and builds the URL from SERVER_IP/SERVER_PORT', () => {
    const env = { SERVER_IP: '10.0.0.5', SERVER_PORT: '9000', API_KEY: 'env-key', MODELS_DIR: 'm' };
    expect(resolveEdgeConfig({}, env, '/w').serverUrl).toBe('http://10.0.0.5:9000');
    const config = resolveEdgeConfig({ server: 'https://att.example/', 'api-key': 'flag-key' }, env, '/w');
    expect(config.serverUrl).toBe('https://att.example');
    expect(config.apiKey).toBe('flag-key');
    expect(config.modelsDir).toBe(path.resolve('/w', 'm'));
  });

  it('maps CAMERA_INDEX to a V4L2 device unless a source is given', () => {
    expect(resolveEdgeConfig({}, { CAMERA_INDEX: '2' }, '/w').cameraSource).toBe('/dev/video2');
    expect(resolveEdgeConfig({ source: 'a.mp4' }, { CAMERA_INDEX: '2' }, '/w').cameraSource).toBe('a.mp4');
  });

  it('reports every invalid value at once with the config exit code', () => {
    const attempt = () =>
      resolveEdgeConfig(
        { provider: 'tpu', 'det-size': '300' },
        { SERVER_URL: 'ftp://x', CAMERA_ID: 'bad id!' },
        '/w',
      );
    expect(attempt).toThrow(EdgeError);
    try {
      attempt();
    } catch (error) {
      expect((error as EdgeError).exitCode).toBe('config');
      const message = (error as Error).message;
      for (const name of ['SERVER_URL', 'CAMERA_ID', 'EXECUTION_PROVIDER', 'DET_SIZE']) {
        expect(message).toContain(name);
      }
    }
  });

  it('names the flag and the variable of each invalid value, with what was given', () => {
    const message = configError(
      { 'det-size': '300', liveness: 'maybe' },
      { ORT_THREADS: 'many', CAMERA_INDEX: '99' },
    );
    expect(message).toContain('--det-size / DET_SIZE must be a multiple of 32 (got "300")');
    expect(message).toContain('--liveness / LIVENESS_MODE must be off, warn or enforce (got "maybe")');
    expect(message).toContain('--threads / ORT_THREADS must be an integer in 1..256 (got "many")');
    expect(message).toContain('CAMERA_INDEX must be an integer in 0..63 (got "99")');
    expect(message).not.toContain('--undefined');
    expect(configError({ 'min-face-width': 'wide' }, {})).toMatch(
      /--min-face-width \/ \w+ must be a number in .* \(got "wide"\)/,
    );
  });

  it('reads numbers, choices and paths once valid, flags first', () => {
    const config = resolveEdgeConfig(
      { 'liveness-threshold': '0.25', 'data-dir': 'state' },
      {
        LIVENESS_THRESHOLD: '0.9',
        ORT_GRAPH_OPTIMIZATION: 'extended',
        ORT_THREADS: '2',
        FFMPEG_PATH: '/opt/ffmpeg',
      },
      '/w',
    );
    expect(config.livenessThreshold).toBe(0.25);
    expect(config.graphOptimization).toBe('extended');
    expect(config.threads).toBe(2);
    expect(config.dataDir).toBe(path.resolve('/w', 'state'));
    expect(config.ffmpegPath).toBe('/opt/ffmpeg');
    expect(config.ffprobePath).toBe('ffprobe');
  });
});

function configError(flags: Parameters<typeof resolveEdgeConfig>[0], env: Record<string, string>): string {
  try {
    resolveEdgeConfig(flags, env, '/w');
  } catch (error) {
    expect(error).toBeInstanceOf(EdgeError);
    return (error as Error).message;
  }
  throw new Error('expected a configuration error');
}
