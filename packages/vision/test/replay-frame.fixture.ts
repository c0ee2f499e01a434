import sharp from 'sharp';
import type { RgbImage } from '../src/index.js';

export interface ScreenEffects {
  /** Dark phone bezel around the screen. */
  bezel: boolean;
  /** Diagonal specular glare over the screen. */
  glare: boolean;
  /** Moiré: the beat between the screen's pixel grid and the camera's, as a fine sinusoidal pattern. */
  moire: boolean;
}

export const ALL_EFFECTS: ScreenEffects = { bezel: true, glare: true, moire: true };

/**
 * A `frameWidth × frameHeight` camera frame (dim grey room-like background) with `photo` shown on a
 * phone-like screen `screenHeight` pixels tall, centred. Synthetic: no real replay attack was filmed.
 */
export async function phoneReplayFrame(
  photo: RgbImage,
  screenHeight: number,
  effects: ScreenEffects,
  frameWidth = 1280,
  frameHeight = 720,
): Promise<{ frame: RgbImage; screen: { x: number; y: number; width: number; height: number } }> {
  const data = new Uint8Array(frameWidth * frameHeight * 3);
  for (let y = 0; y < frameHeight; y++) {
    for (let x = 0; x < frameWidth; x++) {
      const v = 70 + Math.round((40 * y) / frameHeight + 15 * Math.sin(x / 90));
      data.fill(v, (y * frameWidth + x) * 3, (y * frameWidth + x) * 3 + 3);
    }
  }
  const screenWidth = Math.round((screenHeight * photo.width) / photo.height);
  const screenX = Math.round((frameWidth - screenWidth) / 2);
  const screenY = Math.round((frameHeight - screenHeight) / 2);
  if (effects.bezel) {
    const border = Math.max(4, Math.round(screenHeight * 0.06));
    fillRect(
      data,
      frameWidth,
      screenX - border,
      screenY - 2 * border,
      screenWidth + 2 * border,
      screenHeight + 4 * border,
      18,
    );
  }
  const resized = await sharp(photo.data, { raw: { width: photo.width, height: photo.height, channels: 3 } })
    .resize(screenWidth, screenHeight, { kernel: 'linear' })
    .raw()
    .toBuffer();
  for (let y = 0; y < screenHeight; y++) {
    for (let x = 0; x < screenWidth; x++) {
      const glare = effects.glare
        ? Math.max(0, 1 - Math.abs(x / screenWidth - y / screenHeight - 0.1) * 4) * 0.35
        : 0;
      const moire = effects.moire ? 1 + 0.12 * Math.sin((2 * Math.PI * (x * 0.23 + y * 0.19)) / 1.1) : 1;
      const target = ((screenY + y) * frameWidth + screenX + x) * 3;
      for (let c = 0; c < 3; c++) {
        const value = (resized[(y * screenWidth + x) * 3 + c] ?? 0) * moire;
        data[target + c] = Math.max(0, Math.min(255, Math.round(value * (1 - glare) + 255 * glare)));
      }
    }
  }
  return {
    frame: { width: frameWidth, height: frameHeight, data },
    screen: { x: screenX, y: screenY, width: screenWidth, height: screenHeight },
  };
}

/** `photo` scaled so its face is about `faceWidth` px and pasted into a large plain frame (no screen effects). */
export async function smallFaceFrame(
  photo: RgbImage,
  scale: number,
  frameWidth = 1280,
  frameHeight = 720,
): Promise<RgbImage> {
  const width = Math.round(photo.width * scale);
  const height = Math.round(photo.height * scale);
  const resized = await sharp(photo.data, { raw: { width: photo.width, height: photo.height, channels: 3 } })
    .resize(width, height)
    .raw()
    .toBuffer();
  const data = new Uint8Array(frameWidth * frameHeight * 3).fill(110);
  const x0 = Math.round((frameWidth - width) / 2);
  const y0 = Math.round((frameHeight - height) / 2);
  for (let y = 0; y < height; y++) {
    data.set(resized.subarray(y * width * 3, (y + 1) * width * 3), ((y0 + y) * frameWidth + x0) * 3);
  }
  return { width: frameWidth, height: frameHeight, data };
}

function fillRect(
  data: Uint8Array,
  stride: number,
  x: number,
  y: number,
  w: number,
  h: number,
  value: number,
) {
  for (let row = Math.max(0, y); row < y + h && row * stride * 3 < data.length; row++) {
    const start = (row * stride + Math.max(0, x)) * 3;
    const end = (row * stride + Math.min(stride, x + w)) * 3;
    data.fill(value, start, end);
  }
}
