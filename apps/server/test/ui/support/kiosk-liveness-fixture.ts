import { encodeEmbedding, type AttendanceEvent } from '@attendance/protocol';
import { loadNodePipeline } from '@attendance/vision/node';
import type { Page } from 'playwright-core';
import { createApiKey } from '../../support/api-keys.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { FACES_DIR, lfwPhoto } from './artifacts.js';
import { launchChromium } from './chromium.js';
import { ensureWebBuild } from './web-build.js';
import { framedPhoto, headTurnFrames, writeY4m } from './head-turn-video.js';

const MODELS_DIR = `${FACES_DIR}../models`;

/**
 * The person the liveness kiosk tests use: photo 4 of Bill McBride is frontal (|yaw| < 0.06), scores as real
 * with the MiniFASNet pair (≈ 0.9 on this 640×480 layout, also when warped) and its synthetic turn to his
 * right reaches yaw ≈ −0.37 with the default detector (measured with the node pipeline).
 */
export const PERSON = {
  folder: 'Bill_McBride',
  name: 'Bill McBride',
  videoPhoto: 4,
  enrollPhotos: [1, 2, 3],
};
/** Peak rotation of the synthetic turn (radians, < 0 = the person's right). */
export const TURN_PEAK = -0.55;

export interface KioskLivenessFixture {
  server: TestServer;
  browser: Awaited<ReturnType<typeof launchChromium>>;
  edgeKey: string;
  close(): Promise<void>;
}

/**
 * Server + enrolled person + Chromium whose fake camera plays `PERSON` turning (`peak` ≠ 0) or not.
 * Enrollment embeddings come from the node pipeline on other photos (same model files as the kiosk).
 */
export async function startKioskLivenessFixture(peak: number): Promise<KioskLivenessFixture> {
  await ensureWebBuild();
  const server = await startTestServer({ driver: 'pglite', listen: true, env: { MODELS_DIR } });
  // The kiosk's own model files, whichever pack the server is configured with.
  const { detector, recognizer } = server.config.ui.browserModels;
  const pipeline = await loadNodePipeline({ modelsDir: MODELS_DIR, detector, recognizer }).catch(
    async (error: unknown) => {
      await server.close();
      throw error;
    },
  );
  let video: string;
  const embeddings: ReturnType<typeof encodeEmbedding>[] = [];
  try {
    const frame = await framedPhoto(lfwPhoto(PERSON.folder, PERSON.videoPhoto));
    const [face] = await pipeline.analyze(frame);
    if (!face) throw new Error('no face in the video photo');
    video = await writeY4m(headTurnFrames(frame, face.landmarks, peak));
    for (const index of PERSON.enrollPhotos) {
      const [enrolled] = await pipeline.analyze(await framedPhoto(lfwPhoto(PERSON.folder, index)), {
        embed: 'all',
      });
      if (!enrolled?.embedding) throw new Error(`no face in enrollment photo ${index}`);
      embeddings.push(encodeEmbedding(enrolled.embedding, 'float32'));
    }
  } catch (error) {
    await server.close();
    throw error;
  } finally {
    await pipeline.dispose();
  }
  try {
    const created = await server.app.inject({
      method: 'POST',
      url: '/v1/people',
      headers: { 'x-api-key': server.adminKey },
      payload: { name: PERSON.name, templates: { model: pipeline.modelId, embeddings } },
    });
    if (created.statusCode !== 201) throw new Error(`enrolling: ${created.statusCode} ${created.body}`);
    const edgeKey = (await createApiKey(server, 'edge', 'kiosk')).key;
    const browser = await launchChromium([
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${video}`,
    ]);
    return {
      server,
      browser,
      edgeKey,
      async close() {
        await browser.close();
        await server.close();
      },
    };
  } catch (error) {
    await server.close();
    throw error;
  }
}

/**
 * Opens the kiosk with liveness `enforce` and the head-turn challenge on (the defaults). The page's
 * Math.random is pinned so the random direction is "right", the way the synthetic video turns; the
 * kiosk's own code is unchanged.
 */
export async function openKiosk(fixture: KioskLivenessFixture, cameraId: string): Promise<Page> {
  const kiosk = await fixture.browser.context.newPage();
  await kiosk.addInitScript(() => {
    Math.random = () => 0.9;
  });
  kiosk.on('pageerror', (e) => console.log('KIOSK ERR', e.message));
  await kiosk.goto(`${fixture.server.baseUrl ?? ''}/kiosk`);
  await kiosk.fill('input[name=api_key]', fixture.edgeKey);
  await kiosk.fill('input[name=camera_id]', cameraId);
  if ((await kiosk.inputValue('select[name=liveness]')) !== 'enforce') throw new Error('liveness default');
  if (!(await kiosk.isChecked('input[name=challenge]'))) throw new Error('challenge is not on by default');
  await kiosk.click('#setup-form button[type=submit]');
  return kiosk;
}

/** Makes the server refuse identifies from this camera without a passed challenge and a real verdict. */
export async function enforceOnServer(server: TestServer, cameraId: string): Promise<void> {
  const response = await server.app.inject({
    method: 'PUT',
    url: `/v1/cameras/${cameraId}/liveness`,
    headers: { 'x-api-key': server.adminKey },
    payload: { mode: 'enforce', require_challenge: true },
  });
  if (response.statusCode !== 200) throw new Error(`policy: ${response.statusCode} ${response.body}`);
}

export async function attendanceOf(server: TestServer, cameraId: string): Promise<AttendanceEvent[]> {
  const history = await server.app.inject({
    method: 'GET',
    url: `/v1/attendance?camera_id=${cameraId}`,
    headers: { 'x-api-key': server.adminKey },
  });
  return history.json<{ items: AttendanceEvent[] }>().items;
}
