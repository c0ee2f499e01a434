import { describe, expect, it } from 'vitest';
import { decodeLiveFrame, type AttendanceEvent } from '@attendance/protocol';
import { openSocket } from '../relay/support/ws-clients.js';
import { createApiKey } from '../support/api-keys.js';
import { artifactPath, lfwPhoto } from './support/artifacts.js';
import { dashboardInChromium } from './support/dashboard-in-chromium.js';
import { signInWithAdminKey } from './support/dashboard-pages.js';
import { y4mFromPhotos } from './support/fake-camera-video.js';

const PERSON = 'Norah_Jones';

/**
 * The browser kiosk end to end: Chromium's fake camera plays photos of a person (not the enrollment
 * photos), the page runs the face pipeline on onnxruntime-web and identifies with the kiosk's edge key.
 */
describe('kiosk in Chromium with a fake camera', () => {
  let edgeKey: string;
  const setup = dashboardInChromium({
    env: { MODELS_DIR: '../shared/models' },
    seed: async (server) => {
      edgeKey = (await createApiKey(server, 'edge', 'kiosk')).key;
    },
    chromiumArgs: [
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${y4mFromPhotos([lfwPhoto(PERSON, 4), lfwPhoto(PERSON, 5)])}`,
    ],
  });

  it(
    'recognises an enrolled person in front of the camera and records attendance',
    { timeout: 240_000 },
    async () => {
      const { server, browser } = setup;
      const base = server.baseUrl ?? '';
      // Enroll through the dashboard: embeddings from three other photos, computed by the same browser pipeline.
      const dashboard = await browser.context.newPage();
      await signInWithAdminKey(dashboard, server);
      await dashboard.click('#nav button[data-view=people]');
      await dashboard.click('#people-view button:has-text("Add person")');
      await dashboard.fill('dialog input[name=name]', 'Norah Jones');
      await dashboard.click('dialog button[type=submit]');
      await dashboard
        .locator('#people-view tbody tr', { hasText: 'Norah Jones' })
        .locator('button:has-text("Enroll photos")')
        .click();
      await dashboard.setInputFiles(
        'dialog input[type=file]',
        [1, 2, 3].map((i) => lfwPhoto(PERSON, i)),
      );
      await dashboard.click('dialog button[type=submit]');
      await dashboard.locator('dialog li', { hasText: 'Enrolled 3 face(s).' }).waitFor({ timeout: 90_000 });
      await dashboard.close();

      // The kiosk also publishes its annotated view to the live relay, like any camera.
      const viewer = await openSocket(`${base.replace('http', 'ws')}/v1/live/view?camera_id=kiosk-test`, {
        'x-api-key': server.adminKey,
      });
      const kioskFrames: { cameraId: string; jpeg: Uint8Array }[] = [];
      viewer.on('message', (data: Buffer, isBinary) => {
        const frame = isBinary ? decodeLiveFrame(data) : null;
        if (frame) kioskFrames.push(frame);
      });

      const kiosk = await browser.context.newPage();
      kiosk.on('console', (m) => console.log('KIOSK', m.type(), m.text()));
      kiosk.on('pageerror', (e) => console.log('KIOSK ERR', e.message));
      await kiosk.goto(`${base}/kiosk`);
      await kiosk.fill('input[name=api_key]', edgeKey);
      await kiosk.fill('input[name=camera_id]', 'kiosk-test');
      // Liveness has its own kiosk tests (kiosk-head-turn, kiosk-no-turn); this one checks the plain path.
      await kiosk.selectOption('select[name=liveness]', 'off');
      await kiosk.uncheck('input[name=challenge]');
      await kiosk.click('#setup-form button[type=submit]');
      await kiosk
        .locator('#feedback[data-kind=ok]', { hasText: 'Norah Jones' })
        .waitFor({ timeout: 90_000 })
        .finally(() => kiosk.screenshot({ path: artifactPath('kiosk.png') }));

      // The footer shows the recognition loop's speed (what bench/kiosk.ts reads).
      const fps = await kiosk.locator('#kiosk-fps').getAttribute('data-fps');
      expect(Number(fps)).toBeGreaterThan(0);

      const history = await server.app.inject({
        method: 'GET',
        url: '/v1/attendance?camera_id=kiosk-test',
        headers: { 'x-api-key': server.adminKey },
      });
      const items = history.json<{ items: AttendanceEvent[] }>().items;
      expect(items.map((e) => e.person.name)).toEqual(['Norah Jones']);
      await expect.poll(() => kioskFrames.length, { timeout: 20_000 }).toBeGreaterThan(0);
      expect(kioskFrames[0]?.cameraId).toBe('kiosk-test');
      expect([...(kioskFrames[0]?.jpeg.subarray(0, 2) ?? [])]).toEqual([0xff, 0xd8]);
      viewer.terminate();
    },
  );
});
