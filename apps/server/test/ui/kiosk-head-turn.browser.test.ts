import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath } from './support/artifacts.js';
import {
  attendanceOf,
  enforceOnServer,
  openKiosk,
  PERSON,
  startKioskLivenessFixture,
  TURN_PEAK,
  type KioskLivenessFixture,
} from './support/kiosk-liveness-fixture.js';

/**
 * The kiosk's liveness defaults end to end in Chromium (onnxruntime-web): passive anti-spoofing enforced
 * and the head-turn challenge on. The fake camera plays an enrolled person whose head turns (synthesised
 * from a still photo, see head-turn-video.ts); the server enforces liveness for the camera, so the record
 * proves the kiosk sent a passed challenge and a real passive verdict.
 */
describe('kiosk head-turn challenge: a face that turns', () => {
  let fixture: KioskLivenessFixture;

  beforeAll(async () => {
    fixture = await startKioskLivenessFixture(TURN_PEAK);
  }, 180_000);
  afterAll(async () => {
    await fixture?.close();
  });

  it(
    'shows the instruction, turns green only after the turn, and records attendance',
    { timeout: 240_000 },
    async () => {
      await enforceOnServer(fixture.server, 'kiosk-turn');
      const kiosk = await openKiosk(fixture, 'kiosk-turn');
      const feedback = kiosk.locator('#feedback');
      await kiosk
        .locator('#feedback-title', { hasText: 'Turn your head to the right' })
        .waitFor({ timeout: 120_000 });
      await kiosk.screenshot({ path: artifactPath('kiosk-turn-instruction.png') });
      expect(await attendanceOf(fixture.server, 'kiosk-turn')).toEqual([]);

      await kiosk
        .locator('#feedback[data-kind=ok]', { hasText: PERSON.name })
        .waitFor({ timeout: 120_000 })
        .finally(() => kiosk.screenshot({ path: artifactPath('kiosk-turn-passed.png') }));
      expect(await feedback.textContent()).toContain('Attendance recorded');
      const events = await attendanceOf(fixture.server, 'kiosk-turn');
      expect(events.map((e) => e.person.name)).toEqual([PERSON.name]);
    },
  );
});
