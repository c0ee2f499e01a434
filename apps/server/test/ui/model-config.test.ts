import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ModelConfigSchema, ReadinessSchema } from '@attendance/protocol';
import { BUILTIN_PACKS, DEFAULT_PACK, type LocalPack, type ModelPack } from '@attendance/vision';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createApiKey } from '../support/api-keys.js';
import { RestartableServer } from '../support/restartable-server.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { FACES_DIR } from './support/artifacts.js';

const SHARED_MODELS = path.resolve(FACES_DIR, '..', 'models');
const defaultPack: ModelPack = BUILTIN_PACKS[DEFAULT_PACK];
if (defaultPack.source !== 'local') throw new Error('the default pack is expected to be a local pack');
const pack: LocalPack = defaultPack;

describe('model configuration: where the server looks for model files', () => {
  it('resolves a relative MODELS_DIR against the directory the server was started from, like DATA_DIR', () => {
    const config = loadConfig({ MODELS_DIR: '../shared/models', DATA_DIR: 'data' }, { baseDir: '/srv/repo' });
    expect(config.ui.modelsDir).toBe('/srv/shared/models');
    expect(config.dataDir).toBe('/srv/repo/data');
  });

  it('defaults to the per-user model cache the edge CLI downloads into', () => {
    expect(loadConfig({ XDG_CACHE_HOME: '/var/cache/me' }).ui.modelsDir).toBe(
      '/var/cache/me/smart-attendance/models',
    );
  });

  it('takes its files from MODEL_PACK (default: the default pack), refusing packs the browser cannot run', () => {
    const config = loadConfig({});
    expect(config.ui.pack).toBe(DEFAULT_PACK);
    expect(config.ui.browserModels.recognizer).toBe(pack.recognizer);
    const open = loadConfig({ MODEL_PACK: 'open-256' }).ui;
    expect(open.browserModels).toMatchObject({
      detector: 'face_detection_yunet_2026may.onnx',
      recognizer: 'face-reidentification-retail-0095_fp16.onnx',
    });
    expect(() => loadConfig({ MODEL_PACK: 'buffalo_l' })).toThrow(/MODEL_PACK.*not a pack the dashboard/s);
    expect(loadConfig({ UI_RECOGNIZER_MODEL: 'mobilefacenet_128d.onnx' }).ui.pack).toBe('custom');
  });
});

describe('model configuration served with the files present', () => {
  let server: TestServer;
  let edgeKey: string;
  let viewerKey: string;

  beforeAll(async () => {
    server = await startTestServer({ driver: 'pglite', env: { MODELS_DIR: SHARED_MODELS } });
    edgeKey = (await createApiKey(server, 'edge')).key;
    viewerKey = (await createApiKey(server, 'viewer')).key;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('GET /v1/models/config tells an edge key the recognizer to run; a viewer key is refused', async () => {
    const response = await server.app.inject({
      url: '/v1/models/config',
      headers: { 'x-api-key': edgeKey },
    });
    expect(response.statusCode).toBe(200);
    const body = ModelConfigSchema.parse(response.json());
    expect(body).toMatchObject({
      pack: DEFAULT_PACK,
      status: 'ok',
      liveness: 'ok',
      problem: null,
      fix: null,
    });
    expect(body.model?.id).toBe(pack.recognizerModelId);
    expect(body.model?.dim).toBeGreaterThan(0);
    expect(body.files.every((file) => file.present && file.identified !== null)).toBe(true);
    const viewer = await server.app.inject({
      url: '/v1/models/config',
      headers: { 'x-api-key': viewerKey },
    });
    expect(viewer.statusCode).toBe(403);
  });

  it('/health/ready reports the model files as ok', async () => {
    const ready = ReadinessSchema.parse((await server.app.inject({ url: '/health/ready' })).json());
    expect(ready.models).toEqual({ status: 'ok', pack: DEFAULT_PACK });
  });
});

describe('model files missing or wrong', () => {
  let restartable: RestartableServer;
  let emptyDir: string;
  let wrongDir: string;

  beforeAll(async () => {
    restartable = await RestartableServer.open();
    emptyDir = mkdtempSync(path.join(tmpdir(), 'attendance-no-models-'));
    wrongDir = mkdtempSync(path.join(tmpdir(), 'attendance-wrong-models-'));
    // The detector's file where the recognizer should be: present, but not a recognizer.
    copyFileSync(path.join(SHARED_MODELS, pack.detector), path.join(wrongDir, pack.detector));
    copyFileSync(path.join(SHARED_MODELS, pack.detector), path.join(wrongDir, pack.recognizer));
  });
  afterAll(async () => {
    await restartable?.close();
    rmSync(emptyDir, { recursive: true, force: true });
    rmSync(wrongDir, { recursive: true, force: true });
  });

  it('logs one startup warning naming the files and the command that fixes it', async () => {
    const { server, warnings } = await restartable.start<{
      msg: string;
      level: number;
      files: string[];
      fix: string;
    }>({ MODELS_DIR: emptyDir }, 'Face model files');
    try {
      const [warning, ...more] = warnings();
      expect(more).toEqual([]);
      expect(warning?.msg).toContain(`missing from ${emptyDir}`);
      expect(warning?.msg).toContain(pack.recognizer);
      expect(warning?.fix).toContain(`npx attendance models download ${DEFAULT_PACK}`);
      expect(warning?.fix).toContain('MODELS_DIR');
      expect(warning?.files).toContain(`${pack.detector}: missing`);

      const config = ModelConfigSchema.parse(
        (
          await server.app.inject({ url: '/v1/models/config', headers: { 'x-api-key': restartable.apiKey } })
        ).json(),
      );
      expect(config.status).toBe('missing');
      // The edge's check still knows which recognizer the pack means.
      expect(config.model?.id).toBe(pack.recognizerModelId);
      expect(config.fix).toContain('models download');

      // Readiness keeps serving the API (200) and reports the files.
      const ready = await server.app.inject({ url: '/health/ready' });
      expect(ready.statusCode).toBe(200);
      expect(ReadinessSchema.parse(ready.json()).models).toEqual({ status: 'missing', pack: DEFAULT_PACK });

      const file = await server.app.inject({
        url: `/ui/api/models/${pack.recognizer}`,
        headers: { 'x-api-key': restartable.apiKey },
      });
      expect(file.statusCode).toBe(503);
      expect(file.json<{ error: { message: string } }>().error.message).toContain('models download');
    } finally {
      await server.close();
    }
  });

  it('calls a file that is not the model its role needs wrong, and names it', async () => {
    const { server, warnings } = await restartable.start(
      { MODELS_DIR: wrongDir, UI_LIVENESS_MODELS: '' },
      'Face model files',
    );
    try {
      expect(warnings()[0]?.msg).toContain(`${pack.recognizer} is a detector model, not a recognizer`);
      const config = ModelConfigSchema.parse(
        (
          await server.app.inject({ url: '/ui/api/config', headers: { 'x-api-key': restartable.apiKey } })
        ).json(),
      );
      expect(config.status).toBe('wrong');
      expect(config.liveness).toBe('none');
      expect(config.files.find((file) => file.role === 'detector')?.problem).toBeNull();
    } finally {
      await server.close();
    }
  });

  it('treats the liveness pair as optional: ok without it, the kiosk liveness reported missing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'attendance-no-liveness-'));
    for (const file of [pack.detector, pack.recognizer]) {
      copyFileSync(path.join(SHARED_MODELS, file), path.join(dir, file));
    }
    const { server, warnings } = await restartable.start(
      { MODELS_DIR: dir, ATTENDANCE_TIMEZONE: 'Asia/Kolkata' },
      'liveness models',
    );
    try {
      expect(warnings()).toHaveLength(1);
      const body = (
        await server.app.inject({ url: '/ui/api/config', headers: { 'x-api-key': restartable.apiKey } })
      ).json<{ time_zone: string }>();
      expect(ModelConfigSchema.parse(body)).toMatchObject({
        status: 'ok',
        liveness: 'missing',
        problem: null,
      });
      // The pages show times in the installation's zone.
      expect(body.time_zone).toBe('Asia/Kolkata');
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
