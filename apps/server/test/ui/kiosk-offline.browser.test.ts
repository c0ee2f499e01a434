import { encodeEmbedding, type AttendanceEvent } from '@attendance/protocol';
import { loadNodePipeline } from '@attendance/vision/node';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RestartableServer } from '../support/restartable-server.js';
import { artifactPath, FACES_DIR, lfwPhoto } from './support/artifacts.js';
import { installCanvasCamera, showPhoto } from './support/canvas-camera.js';
import { launchChromium } from './support/chromium.js';
import { framedPhoto } from './support/head-turn-video.js';
import { ensureWebBuild } from './support/web-build.js';

const MODELS_DIR = `${FACES_DIR}../models`;
const CAMERA = 'kiosk-offline';
/** Who comes to the door: photos 1–3 enroll them, `seen` is the one the kiosk's camera shows. */
const PEOPLE = [
  { folder: 'Norah_Jones', name: 'Norah Jones', seen: 4 },
  { folder: 'Bill_McBride', name: 'Bill McBride', seen: 4 },
  { folder: 'Jennifer_Garner', name: 'Jennifer Garner', seen: 4 },
] as const;
const OUTAGE_MS = 30_000;

type Running = Awaited<ReturnType<RestartableServer['start']>>['server'];

/**
 * A kiosk paired by code through a server outage: an admin makes a pairing code, the kiosk's setup screen
 * refuses a wrong code and exchanges the right one for its device credential; one person is recorded, the
 * server is stopped for 30 s while two more come to the door ("saved, will sync"), the queue (every entry)
 * and the credential outlive a page reload and the restart (no new sign-in), and once the server is back
 * both are recorded exactly once, at the time they stood there — also when a replay reached the server
 * but its answer was lost (the idempotency key makes the second try harmless).
 */
describe('kiosk offline queue in Chromium', () => {
  let restartable: RestartableServer;
  let server: Running | null = null;
  let port = 0;
  let browser: Awaited<ReturnType<typeof launchChromium>>;

  const start = async () => {
    server = (await restartable.start({ MODELS_DIR }, 'unused-topic')).server;
    await server.app.listen({ host: '127.0.0.1', port });
    const address = server.app.server.address();
    if (address && typeof address === 'object') port = address.port;
  };
  const stop = async () => {
    await server?.close();
    server = null;
  };
  const base = () => `http://127.0.0.1:${port}`;

  beforeAll(async () => {
    await ensureWebBuild();
    restartable = await RestartableServer.open();
    await start();
    await enrollPeople(server!, restartable.apiKey);
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await stop();
    await restartable?.close();
  });

  it(
    'queues check-ins while the server is down and records each once, with its capture time, when it returns',
    { timeout: 420_000 },
    async () => {
      const kiosk = await browser.context.newPage();
      await installCanvasCamera(kiosk);
      kiosk.on('pageerror', (e) => console.log('KIOSK ERR', e.message));
      await kiosk.goto(`${base()}/kiosk`);
      await pair(kiosk, 'ABCD-2345');
      await kiosk.locator('#setup-error', { hasText: 'expired' }).waitFor();
      await pair(kiosk, await pairingCode());
      const [first, second, third] = PEOPLE;

      await showPhoto(kiosk, lfwPhoto(first.folder, first.seen));
      await kiosk.locator('#feedback[data-kind=ok]', { hasText: first.name }).waitFor({ timeout: 120_000 });
      expect(await kiosk.locator('#kiosk').getAttribute('data-wake-lock')).toBeTruthy();
      await nobodyThere(kiosk);

      await stop();
      const stoppedAt = Date.now();
      for (const person of [second, third]) {
        // At least one more check-in waits: a person still in front of the kiosk after its 3 s result hold
        // (a slow machine takes that long to take the photo away) is checked again and queued again; the
        // server's cooldown records them once all the same, which the end of this test checks.
        const before = await pendingCount(kiosk);
        await showPhoto(kiosk, lfwPhoto(person.folder, person.seen));
        await expect
          .poll(() => pendingCount(kiosk), { timeout: 120_000, interval: 250 })
          .toBeGreaterThan(before);
        await kiosk.locator('#feedback[data-kind=saved]').waitFor({ timeout: 10_000 });
        await nobodyThere(kiosk);
      }
      const queued = await pendingCount(kiosk);
      expect(queued).toBeGreaterThanOrEqual(2);
      await kiosk.screenshot({ path: artifactPath('kiosk-offline-saved.png') });
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, stoppedAt + OUTAGE_MS - Date.now())));

      // The server is back, but this browser cannot reach its identify route yet: the page is reloaded and
      // the two check-ins are still there, read back from IndexedDB.
      const blocked = (route: { abort(): Promise<void> }) => route.abort();
      await kiosk.route('**/v1/identify', blocked);
      await start();
      const restartedAt = Date.now();
      await kiosk.reload();
      // The stored device credential signs the kiosk in again by itself.
      await kiosk.locator('#kiosk:not([hidden])').waitFor({ timeout: 60_000 });
      expect(await kiosk.locator('#setup').isHidden()).toBe(true);
      await kiosk
        .locator(`#kiosk-queue[data-pending="${queued}"]`)
        .waitFor({ timeout: 60_000 })
        .finally(() => kiosk.screenshot({ path: artifactPath('kiosk-offline-reloaded.png') }));
      expect(await attendance()).toHaveLength(1);

      // The first replay reaches the server, but its answer is lost on the way back: the kiosk keeps the
      // entry and sends it again under the same idempotency key.
      let lostAnswers = 0;
      await kiosk.unroute('**/v1/identify', blocked);
      await kiosk.route('**/v1/identify', async (route) => {
        if (lostAnswers > 0) return route.continue();
        lostAnswers += 1;
        await route.fetch();
        await route.abort('connectionreset');
      });
      await kiosk.locator('#kiosk-queue[data-pending="0"]').waitFor({ state: 'attached', timeout: 60_000 });
      expect(lostAnswers).toBe(1);

      const events = await attendance();
      expect(events.map((event) => event.person.name).sort()).toEqual(PEOPLE.map((p) => p.name).sort());
      for (const person of [second, third]) {
        const recordedAt = Date.parse(events.find((e) => e.person.name === person.name)?.recorded_at ?? '');
        // Recorded at the moment the kiosk saw them, while the server was down, not when it replayed.
        expect(recordedAt).toBeGreaterThanOrEqual(stoppedAt);
        expect(recordedAt).toBeLessThan(restartedAt);
      }
      await kiosk.close();
    },
  );

  /** A code for the kiosk's camera, made by an admin through the API. */
  async function pairingCode(): Promise<string> {
    const response = await server!.app.inject({
      method: 'POST',
      url: '/v1/pairing-codes',
      headers: { 'x-api-key': restartable.apiKey },
      payload: { camera_id: CAMERA },
    });
    return response.json<{ code: string }>().code;
  }

  async function attendance(): Promise<AttendanceEvent[]> {
    const response = await server!.app.inject({
      url: `/v1/attendance?camera_id=${CAMERA}`,
      headers: { 'x-api-key': restartable.apiKey },
    });
    return response.json<{ items: AttendanceEvent[] }>().items;
  }
});

/** The kiosk's setup screen: a pairing code, the plain path (liveness has its own kiosk tests). */
async function pair(kiosk: Page, code: string): Promise<void> {
  await kiosk.fill('#pair-form input[name=code]', code);
  await kiosk.selectOption('select[name=liveness]', 'off');
  await kiosk.uncheck('input[name=challenge]');
  await kiosk.click('#pair-form button[type=submit]');
}

/** How many check-ins the kiosk's footer says wait to sync. */
async function pendingCount(kiosk: Page): Promise<number> {
  return Number((await kiosk.locator('#kiosk-queue').getAttribute('data-pending')) ?? '0');
}

/** Nobody in front of the camera until the kiosk is back to its idle screen (a new visitor next). */
async function nobodyThere(kiosk: Page): Promise<void> {
  await showPhoto(kiosk, null);
  await kiosk.locator('#feedback[data-kind=idle]').waitFor({ timeout: 60_000 });
}

/** Enrolls everyone with embeddings of the kiosk's own models (node pipeline) from their photos 1–3. */
async function enrollPeople(server: Running, adminKey: string): Promise<void> {
  const { detector, recognizer } = server.config.ui.browserModels;
  const pipeline = await loadNodePipeline({ modelsDir: MODELS_DIR, detector, recognizer });
  try {
    for (const person of PEOPLE) {
      const embeddings = [];
      for (const index of [1, 2, 3]) {
        const [face] = await pipeline.analyze(await framedPhoto(lfwPhoto(person.folder, index)), {
          embed: 'all',
        });
        if (!face?.embedding) throw new Error(`no face in ${person.folder} ${index}`);
        embeddings.push(encodeEmbedding(face.embedding, 'float32'));
      }
      const created = await server.app.inject({
        method: 'POST',
        url: '/v1/people',
        headers: { 'x-api-key': adminKey },
        payload: { name: person.name, templates: { model: pipeline.modelId, embeddings } },
      });
      if (created.statusCode !== 201) throw new Error(`enrolling: ${created.statusCode} ${created.body}`);
    }
  } finally {
    await pipeline.dispose();
  }
}
