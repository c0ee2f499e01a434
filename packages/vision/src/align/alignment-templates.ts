import type { AlignmentTemplateName } from '@attendance/models';
import type { Point } from '../types.js';

export interface AlignmentTemplate {
  size: number;
  /** Where the 5 landmarks (eyes, nose, mouth corners) go in the aligned `size × size` face. */
  points: readonly Point[];
}

const INTEL_UNIT: readonly Point[] = [
  [0.31557, 0.46157],
  [0.68262, 0.46157],
  [0.50026, 0.64051],
  [0.34947, 0.82469],
  [0.65344, 0.82469],
];

export const ALIGNMENT_TEMPLATES: Readonly<Record<AlignmentTemplateName, AlignmentTemplate>> = {
  'arcface-112': {
    size: 112,
    points: [
      [38.2946, 51.6963],
      [73.5318, 51.5014],
      [56.0252, 71.7366],
      [41.5493, 92.3655],
      [70.7299, 92.2041],
    ],
  },
  'intel-128': { size: 128, points: INTEL_UNIT.map(([x, y]) => [x * 128, y * 128] as const) },
};
