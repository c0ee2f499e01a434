import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath } from './support/artifacts.js';
import {
  attendanceOf,
  openKiosk,
  startKioskLivenessFixture,
  type KioskLivenessFixture,
} from './support/kiosk-liveness-fixture.js';

/**
 * The same enrolled person, frontal and still the whole time (a held-up photo behaves like this): the
 * kiosk asks for the turn, the challenge fails, and nothing is recorded — the kiosk never sends the
 * identify, whatever the server's policy for the camera.
 */
describe('kiosk head-turn challenge: a face that never turns', () => {
  let fixture: KioskLivenessFixture;

  beforeAll(async () => {
    fixture = await startKioskLivenessFixture(0);
  }, 180_000);
  afterAll(async () => {
    await fixture?.close();
  });

  it('asks for the turn, fails the challenge and records nothing', { timeout: 240_000 }, async () => {
    const kiosk = await openKiosk(fixture, 'kiosk-still');
    await kiosk
      .locator('#feedback-title', { hasText: 'Turn your head to the right' })
      .waitFor({ timeout: 120_000 });
    await kiosk
      .locator('#feedback[data-kind=bad]', { hasText: 'No head turn seen' })
      .waitFor({ timeout: 60_000 })
      .finally(() => kiosk.screenshot({ path: artifactPath('kiosk-no-turn.png') }));
    expect(await attendanceOf(fixture.server, 'kiosk-still')).toEqual([]);
    expect(kiosk.isClosed()).toBe(false);
  });
});
