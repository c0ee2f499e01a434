import { describe, expect, it } from 'vitest';
import { livenessBoxFromDetection, livenessCropBox, type PixelBox } from './crop-rule.js';

const box = (x: number, y: number, width: number, height: number): PixelBox => ({ x, y, width, height });

describe('livenessCropBox (MiniFASNet crop rule)', () => {
  const vga = { width: 640, height: 480 };
  const qvga = { width: 320, height: 240 };
  const square = { width: 100, height: 100 };

  // [case, frame, face, scale, crop]: crops worked out by hand with the reference rule (see crop-rule.ts),
  // inclusive right/bottom; the working stands above each row.
  it.each([
    // centre (320, 250), 216 × 270 → l 212, t 115, r 428, b 385
    ['2.7× centred on a face mid-frame', vga, box(280, 200, 80, 100), 2.7, box(212, 115, 217, 271)],
    // l = 50 − 108 = −58 → r = 158 + 58 = 216, l = 0
    ['shifted right off the left edge', vga, box(10, 200, 80, 100), 2.7, box(0, 115, 217, 271)],
    // l = −68 → r = 216; t = −85 → b = 270
    ['shifted into the top-left corner', vga, box(0, 0, 80, 100), 2.7, box(0, 0, 217, 271)],
    // r = 708 > 639 → l = 492 − (708 − 640 + 1) = 423, r = 639; b = 565 → t = 295 − 86 = 209, b = 479
    ['shifted into the bottom-right corner', vga, box(560, 380, 80, 100), 2.7, box(423, 209, 217, 271)],
    // scale' = min(239/120, 319/100, 4) = 1.99167: 199.17 × 239, centre (150, 120)
    // l 50.42, r 249.58; t 0.5, b 239.5 > 239 → t 0, b 239
    ['4.0× shrunk to fit the frame height', qvga, box(100, 60, 100, 120), 4, box(50, 0, 200, 240)],
    // 27 × 54 around (95, 50): l 81.5, r 108.5 > 99 → l = 81.5 − 9.5 = 72, r 99; t 23, b 77
    ['fractional right edge truncated', square, box(90, 40, 10, 20), 2.7, box(72, 23, 28, 55)],
  ] as const)('%s', (_case, frame, face, scale, crop) => {
    expect(livenessCropBox(frame, face, scale)).toEqual(crop);
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
    const vga = { width: 640, height: 480 };
    expect(livenessBoxFromDetection(vga, [100.7, 50.2, 179.9, 170.6])).toEqual(box(100, 50, 80, 121));
    expect(livenessBoxFromDetection(vga, [-12, -3, 700, 500])).toEqual(box(0, 0, 640, 480));
  });
});
