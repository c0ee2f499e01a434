import { describe, expect, it } from 'vitest';
import { livenessBoxFromDetection, livenessCropBox } from './crop-rule.js';

// Expected boxes computed by hand with the reference rule (see crop-rule.ts), inclusive right/bottom.
describe('livenessCropBox (MiniFASNet crop rule)', () => {
  const vga = { width: 640, height: 480 };

  it('centres a 2.7× crop on a face in the middle of the frame', () => {
    // centre (320, 250), 216 × 270 → l 212, t 115, r 428, b 385
    expect(livenessCropBox(vga, { x: 280, y: 200, width: 80, height: 100 }, 2.7)).toEqual({
      x: 212,
      y: 115,
      width: 217,
      height: 271,
    });
  });

  it('shifts the crop right when it would leave the left edge', () => {
    // l = 50 − 108 = −58 → r = 158 + 58 = 216, l = 0
    expect(livenessCropBox(vga, { x: 10, y: 200, width: 80, height: 100 }, 2.7)).toEqual({
      x: 0,
      y: 115,
      width: 217,
      height: 271,
    });
  });

  it('shifts the crop into the top-left corner', () => {
    // l = −68 → r = 216; t = −85 → b = 270
    expect(livenessCropBox(vga, { x: 0, y: 0, width: 80, height: 100 }, 2.7)).toEqual({
      x: 0,
      y: 0,
      width: 217,
      height: 271,
    });
  });

  it('shifts the crop into the bottom-right corner', () => {
    // r = 708 > 639 → l = 492 − (708 − 640 + 1) = 423, r = 639; b = 565 → t = 295 − 86 = 209, b = 479
    expect(livenessCropBox(vga, { x: 560, y: 380, width: 80, height: 100 }, 2.7)).toEqual({
      x: 423,
      y: 209,
      width: 217,
      height: 271,
    });
  });

  it('shrinks the 4.0× scale so the crop fits the frame height', () => {
    // scale' = min(239/120, 319/100, 4) = 1.99167: 199.17 × 239, centre (150, 120)
    // l 50.42, r 249.58; t 0.5, b 239.5 > 239 → t 0, b 239
    expect(
      livenessCropBox({ width: 320, height: 240 }, { x: 100, y: 60, width: 100, height: 120 }, 4),
    ).toEqual({ x: 50, y: 0, width: 200, height: 240 });
  });

  it('keeps fractional edges as the reference truncates them (right edge)', () => {
    // 27 × 54 around (95, 50): l 81.5, r 108.5 > 99 → l = 81.5 − 9.5 = 72, r 99; t 23, b 77
    expect(
      livenessCropBox({ width: 100, height: 100 }, { x: 90, y: 40, width: 10, height: 20 }, 2.7),
    ).toEqual({ x: 72, y: 23, width: 28, height: 55 });
  });

  it('always stays inside the frame', () => {
    const frame = { width: 200, height: 150 };
    for (const scale of [2.7, 4]) {
      for (let x = -20; x < 200; x += 17) {
        for (let y = -20; y < 150; y += 13) {
          const crop = livenessCropBox(frame, { x, y, width: 40, height: 50 }, scale);
          expect(crop.x).toBeGreaterThanOrEqual(0);
          expect(crop.y).toBeGreaterThanOrEqual(0);
          expect(crop.x + crop.width).toBeLessThanOrEqual(frame.width);
          expect(crop.y + crop.height).toBeLessThanOrEqual(frame.height);
        }
      }
    }
  });
});

describe('livenessBoxFromDetection', () => {
  it('turns [x1, y1, x2, y2] into the reference [x, y, w = r − l + 1, h] clipped to the frame', () => {
    expect(livenessBoxFromDetection({ width: 640, height: 480 }, [100.7, 50.2, 179.9, 170.6])).toEqual({
      x: 100,
      y: 50,
      width: 80,
      height: 121,
    });
    expect(livenessBoxFromDetection({ width: 640, height: 480 }, [-12, -3, 700, 500])).toEqual({
      x: 0,
      y: 0,
      width: 640,
      height: 480,
    });
  });
});
