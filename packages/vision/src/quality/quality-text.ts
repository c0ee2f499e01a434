import type { QualityCheck, QualityFailure } from '../types.js';

const MEASURE: Record<QualityCheck, { label: string; digits: number; unit: string }> = {
  brightness: { label: 'face brightness', digits: 0, unit: '' },
  face_width: { label: 'face width', digits: 0, unit: ' px' },
  score: { label: 'detector score', digits: 2, unit: '' },
  blur: { label: 'sharpness (Laplacian variance)', digits: 0, unit: '' },
  yaw: { label: 'head turn |yaw|', digits: 2, unit: '' },
  pitch: { label: 'head tilt |pitch|', digits: 2, unit: '' },
  edge_margin: { label: 'distance of the face from the picture edge', digits: 0, unit: ' px' },
};

const REASON_WORDS: Record<QualityFailure['reason'], string> = {
  too_dark: 'too dark',
  too_small: 'face too small',
  low_score: 'unclear face',
  blurry: 'blurry',
  bad_pose: 'not facing the camera',
  out_of_frame: 'face cut off by the picture edge',
};

/**
 * One failed check in words, with its measured value and the limit, e.g.
 * `too dark: face brightness 48 < minimum 60` or `not facing the camera: head turn |yaw| 0.52 > maximum 0.45`.
 */
export function describeQualityFailure(failure: QualityFailure): string {
  const { label, digits, unit } = MEASURE[failure.check];
  const isMaximum = failure.check === 'yaw' || failure.check === 'pitch';
  const value = isMaximum ? Math.abs(failure.value) : failure.value;
  // Enough digits that a value just past the limit does not print as the limit itself.
  let places = digits;
  while (places < digits + 3 && value.toFixed(places) === failure.limit.toFixed(places)) places++;
  const shown = (n: number) => `${n.toFixed(places)}${unit}`;
  const comparison = isMaximum ? `> maximum ${shown(failure.limit)}` : `< minimum ${shown(failure.limit)}`;
  return `${REASON_WORDS[failure.reason]}: ${label} ${shown(value)} ${comparison}`;
}
