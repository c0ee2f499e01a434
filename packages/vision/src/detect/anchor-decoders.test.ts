import { describe, expect, it } from 'vitest';
import { candidateFace } from './face-candidates.js';
import { decodeScrfd } from './scrfd.decoder.js';
import { decodeYunet } from './yunet.decoder.js';

describe(decodeScrfd.name, () => {
  it('decodes one anchor of stride 16 with 2 anchors per cell', () => {
    const size = 64;
    const levels = [8, 16, 32].map((s) => 2 * (size / s) ** 2);
    const scores = levels.map((n) => new Float32Array(n));
    const boxes = levels.map((n) => new Float32Array(n * 4));
    const points = levels.map((n) => new Float32Array(n * 10));
    // Stride 16: 4×4 cells; cell (row 1, col 2) = index 6, second anchor → 13.
    (scores[1] as Float32Array)[13] = 0.9;
    (boxes[1] as Float32Array).set([1, 1, 2, 2], 13 * 4);
    (points[1] as Float32Array).set([0.5, -0.5, 0, 0, 0, 0, 0, 0, 0, 0], 13 * 10);
    const found = decodeScrfd([...scores, ...boxes, ...points], {
      inputWidth: size,
      inputHeight: size,
      scoreThreshold: 0.5,
    });
    expect(found.scores).toHaveLength(1);
    const f = candidateFace(found, 0, 1);
    expect(f?.box).toEqual([16, 0, 64, 48]); // centre (32, 16) ∓ distance·16
    expect(f?.landmarks[0]).toEqual([40, 8]);
    expect(f?.score).toBeCloseTo(0.9);
  });

  it('rejects exports without landmarks', () => {
    expect(() =>
      decodeScrfd([new Float32Array(1)], { inputWidth: 32, inputHeight: 32, scoreThreshold: 0.5 }),
    ).toThrow(/not supported/);
  });
});

describe(decodeYunet.name, () => {
  it('decodes centre/size/landmarks and the geometric-mean score', () => {
    const level = (stride: number) => {
      const n = (32 / stride) ** 2;
      return {
        stride,
        cls: new Float32Array(n),
        obj: new Float32Array(n),
        bbox: new Float32Array(n * 4),
        kps: new Float32Array(n * 10),
      };
    };
    const levels = [level(8), level(16), level(32)];
    const l8 = levels[0] as ReturnType<typeof level>;
    // Stride 8 on 32×32: 4 columns; index 5 = row 1, col 1.
    l8.cls[5] = 0.81;
    l8.obj[5] = 1;
    l8.bbox.set([0.5, 0.5, Math.log(2), Math.log(4)], 20);
    l8.kps.set([1, 1, 0, 0, 0, 0, 0, 0, 0, 0], 50);
    const found = decodeYunet(levels, { inputWidth: 32, inputHeight: 32, scoreThreshold: 0.5 });
    expect(found.scores).toHaveLength(1);
    const face = candidateFace(found, 0, 1);
    expect(face?.score).toBeCloseTo(0.9);
    expect(face?.box.map((v) => Math.round(v * 1000) / 1000)).toEqual([4, -4, 20, 28]);
    expect(face?.landmarks[0]).toEqual([16, 16]);
  });
});
