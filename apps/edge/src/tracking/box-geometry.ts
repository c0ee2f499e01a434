/** Axis-aligned box `[x1, y1, x2, y2]` in frame pixels. */
export type Box = readonly [number, number, number, number];

/** Intersection over union of two boxes, in [0, 1]. */
export function intersectionOverUnion(a: Box, b: Box): number {
  const width = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const height = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  if (width <= 0 || height <= 0) return 0;
  const intersection = width * height;
  const union = area(a) + area(b) - intersection;
  return union <= 0 ? 0 : intersection / union;
}

function area(box: Box): number {
  return Math.max(0, box[2] - box[0]) * Math.max(0, box[3] - box[1]);
}
