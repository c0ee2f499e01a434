import { describe, expect, it } from 'vitest';
import { ALIGNMENT_TEMPLATES } from '../align/alignment-templates.js';
import type { DetectedFace, Point } from '../types.js';
import { estimateHeadPose } from './head-pose.js';
import { laplacianVariance, meanBrightness, regionBrightness } from './image-statistics.js';
import { assessQuality, DEFAULT_QUALITY_THRESHOLDS } from './quality-check.js';
import { describeQualityFailure } from './quality-text.js';

const frontal = ALIGNMENT_TEMPLATES['arcface-112'].points;
const face: DetectedFace = { box: [0, 0, 112, 112], score: 0.9, landmarks: [...frontal] };
const input = {
  face: { ...face, box: [10, 10, 122, 122] as DetectedFace['box'] },
  content: { x: 0, y: 0, width: 200, height: 200 },
  allowTightCrop: false,
  brightness: 120,
  blur: 300,
};
/** The frontal template's landmarks scaled and moved so its box is `box`. */
const faceIn = (box: DetectedFace['box']): DetectedFace => {
  const scale = (box[2] - box[0]) / 112;
  return {
    box,
    score: 0.9,
    landmarks: frontal.map(([x, y]) => [box[0] + x * scale, box[1] + y * scale] as const),
  };
};

describe(assessQuality.name, () => {
  it('passes a frontal, bright, sharp, large face', () => {
    expect(assessQuality(input, DEFAULT_QUALITY_THRESHOLDS)).toMatchObject({ ok: true, reasons: [] });
  });

  it('lists every failing gate with its measured value and limit', () => {
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
    expect(report.failures.map(({ check, value, limit }) => [check, value, limit])).toEqual([
      ['brightness', 20, 60],
      ['face_width', 50, 60],
      ['score', 0.4, 0.6],
      ['blur', 3, 25],
      ['yaw', report.yaw, 0.45],
      ['edge_margin', -30, 2],
    ]);
    expect(report.failures.map(describeQualityFailure)).toEqual([
      'too dark: face brightness 20 < minimum 60',
      'face too small: face width 50 px < minimum 60 px',
      'unclear face: detector score 0.40 < minimum 0.60',
      'blurry: sharpness (Laplacian variance) 3 < minimum 25',
      `not facing the camera: head turn |yaw| ${Math.abs(report.yaw).toFixed(2)} > maximum 0.45`,
      'face cut off by the picture edge: distance of the face from the picture edge -30 px < minimum 2 px',
    ]);
  });

  it('prints enough digits that a value just below its limit differs from it', () => {
    expect(describeQualityFailure({ reason: 'too_dark', check: 'brightness', value: 59.7, limit: 60 })).toBe(
      'too dark: face brightness 59.7 < minimum 60.0',
    );
  });

  it('lets a face filling a still photo be cut by its edges when its landmarks are inside', () => {
    // A badge photo: the box runs past the top and bottom of a 100×110 crop, the landmarks do not.
    const badge = {
      ...input,
      face: faceIn([5, -10, 95, 80]),
      content: { x: 0, y: 0, width: 100, height: 110 },
    };
    expect(assessQuality(badge, DEFAULT_QUALITY_THRESHOLDS).reasons).toEqual(['out_of_frame']);
    expect(assessQuality({ ...badge, allowTightCrop: true }, DEFAULT_QUALITY_THRESHOLDS).ok).toBe(true);
  });

  it('still refuses a small face cut by the edge of a still photo (a bystander)', () => {
    const bystander = { ...input, face: faceIn([170, 20, 232, 82]), allowTightCrop: true };
    expect(assessQuality(bystander, DEFAULT_QUALITY_THRESHOLDS).reasons).toEqual(['out_of_frame']);
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

describe(regionBrightness.name, () => {
  it('averages only the rectangle, clipped to the image', () => {
    // Left half black, right half white.
    const image = {
      width: 8,
      height: 4,
      data: new Uint8Array(8 * 4 * 3).map((_, i) => (i % 24 >= 12 ? 255 : 0)),
    };
    expect(regionBrightness(image, [4, 0, 8, 4])).toBeCloseTo(255);
    expect(regionBrightness(image, [-10, -10, 4, 10])).toBeCloseTo(0);
    expect(regionBrightness(image, [2, 0, 6, 4])).toBeCloseTo(127.5);
    expect(regionBrightness(image, [9, 0, 12, 4])).toBe(0);
  });
});
