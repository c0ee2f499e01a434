import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

/**
 * Page-side script (plain JavaScript: the server's tests compile without the DOM library). A 640×480
 * canvas redrawn at 10 fps shows the current photo on grey, the layout of `y4mFromPhotos`, or nobody.
 */
const CAMERA_SCRIPT = `(() => {
  const canvas = document.createElement('canvas');
  canvas.width = 640;
  canvas.height = 480;
  const context = canvas.getContext('2d');
  let photo = null;
  const draw = () => {
    context.fillStyle = '#b0b0b0';
    context.fillRect(0, 0, 640, 480);
    if (photo) context.drawImage(photo, 100, 20, 440, 440);
  };
  setInterval(draw, 100);
  draw();
  window.testCamera = {
    show(url) {
      if (!url) {
        photo = null;
        return Promise.resolve();
      }
      return new Promise((resolve, reject) => {
        const image = new Image();
        image.onload = () => {
          photo = image;
          resolve();
        };
        image.onerror = () => reject(new Error('photo did not load'));
        image.src = url;
      });
    },
  };
  navigator.mediaDevices.getUserMedia = () => Promise.resolve(canvas.captureStream(10));
})();`;

/**
 * A fake webcam the test steers: the page's `getUserMedia` answers a canvas stream, and `showPhoto`
 * switches who is in front of it at once. Chromium's file-backed fake camera loops on its own clock; this
 * one lets a test say who stands at the kiosk before, during and after an outage. The kiosk's own code
 * is unchanged.
 */
export async function installCanvasCamera(page: Page): Promise<void> {
  await page.addInitScript({ content: CAMERA_SCRIPT });
}

/** Puts `photo` (a JPEG file) in front of the camera, or nobody with null. */
export async function showPhoto(page: Page, photo: string | null): Promise<void> {
  const url = photo ? `data:image/jpeg;base64,${readFileSync(photo).toString('base64')}` : null;
  await page.evaluate(`window.testCamera.show(${JSON.stringify(url)})`);
}
