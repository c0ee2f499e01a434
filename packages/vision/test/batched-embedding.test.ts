import { loadNodePipeline } from '@attendance/vision/node';
import { describe, expect, it } from 'vitest';
import { MODELS_DIR } from './paths.fixture.js';

/** Six plausible frontal faces side by side in a 640×120 grey frame (their five points). */
const frame = { width: 640, height: 120, data: new Uint8Array(640 * 120 * 3).fill(128) };
const faces = Array.from({ length: 6 }, (_, i) => {
  const x = 10 + i * 105;
  return {
    box: [x, 10, x + 100, 110] as [number, number, number, number],
    score: 1,
    landmarks: [
      [x + 34, 52],
      [x + 66, 52],
      [x + 50, 70],
      [x + 37, 88],
      [x + 63, 88],
    ] as [number, number][],
  };
});

describe('several faces in one frame', () => {
  it.each([
    ['open-256', 1],
    ['faceplugin-512', 6],
    // Each face and its mirror image (the pack's flip augmentation), one at a time.
    ['mobilefacenet-128', 12],
  ] as const)('%s embeds six faces in %i recognizer run(s)', async (pack, runs) => {
    const pipeline = await loadNodePipeline({ modelsDir: MODELS_DIR, pack, threads: 1 });
    try {
      pipeline.resetTimings();
      const batched = await pipeline.embedFaces(frame, faces);
      expect(pipeline.timings().recognizer.runs).toBe(runs);
      // The same embeddings as one face at a time.
      const single = await pipeline.embedFaces(frame, [faces[3] ?? faces[0]!]);
      const cosine = single[0]!.reduce((sum, v, i) => sum + v * (batched[3]?.[i] ?? 0), 0);
      expect(cosine).toBeGreaterThan(0.9999);
    } finally {
      await pipeline.dispose();
    }
  });
});
