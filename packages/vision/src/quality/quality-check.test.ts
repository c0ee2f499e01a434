import { describe, expect, it } from 'vitest';
import { ALIGNMENT_TEMPLATES } from '../align/alignment-templates.js';
import type { DetectedFace, Point } from '../types.js';
import { estimateHeadPose } from './head-pose.js';
import { laplacianVariance, meanBrightness } from './image-statistics.js';
import { assessQuality, DEFAULT_QUALITY_THRESHOLDS } from './quality-check.js';

const frontal = ALIGNMENT_TEMPLATES['arcface-112'].points;
const face: DetectedFace = { box: [0, 0, 112, 112], score: 0.9, landmarks: [...frontal] };
const input = {
  face: { ...face, box: [10, 10, 122, 122] as DetectedFace['box'] },
  frameWidth: 200,
  frameHeight: 200,
  brightness: 120,
  blur: 300,
};

describe(assessQuality.name, () => {
  it('passes a frontal, bright, sharp, large face', () => {
    expect(assessQuality(input, DEFAULT_QUALITY_THRESHOLDS)).toMatchObject({ ok: true, reasons: [] });
  });

  it('lists every failing gate', () => {
    const turned: Point[] = frontal.map(([x, y], i) => (i === 2 ? [x + 40, y] : [x, y]));
    const report = assessQuality(
      { ...input, brightness: 20, blur: 3, face: { box: [-30, 10, 20, 60], score: 0.4, landmarks: turned } },
      DEFAULT_QUALITY_THRESHOLDS,
    );
    expect(report.reasons).toEqual([
      'too_dark',
      'too_small',
      'low_score',
      'blurry',
      'bad_pose',
      'out_of_frame',
    ]);
  });
});

describe(estimateHeadPose.name, () => {
  it('is near zero for the frontal template and ignores roll', () => {
    const frontalPose = estimateHeadPose(frontal);
    expect(Math.abs(frontalPose.yaw)).toBeLessThan(0.02);
    expect(Math.abs(frontalPose.pitch)).toBeLessThan(0.02);
    const rolled = frontal.map(
      ([x, y]) => [x * Math.cos(0.5) - y * Math.sin(0.5), x * Math.sin(0.5) + y * Math.cos(0.5)] as const,
    );
    expect(estimateHeadPose(rolled).yaw).toBeCloseTo(frontalPose.yaw, 6);
  });
});

describe(laplacianVariance.name, () => {
  it('is zero on a flat image and large on a checkerboard', () => {
    const flat = { width: 8, height: 8, data: new Uint8Array(8 * 8 * 3).fill(90) };
    const checker = {
      ...flat,
      data: flat.data.map((_, i) => (((Math.floor(i / 3) % 8) + Math.floor(i / 24)) % 2 ? 255 : 0)),
    };
    expect(laplacianVariance(flat)).toBe(0);
    expect(laplacianVariance(checker)).toBeGreaterThan(10_000);
    expect(meanBrightness(flat)).toBeCloseTo(90);
  });
});
