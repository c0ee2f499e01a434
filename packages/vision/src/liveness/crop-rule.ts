/** An axis-aligned box in integer frame pixels: columns `x … x + width − 1`, rows `y … y + height − 1`. */
export interface PixelBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The MiniFASNet crop rule (minivision's Silent-Face-Anti-Spoofing, `CropImage._get_new_box`): a square-ish
 * region `scale` times the detector box, centred on it, shrunk so it fits the frame and shifted back inside
 * it. The wide context is the point: it lets the model see screen bezels and paper edges.
 *
 * `box` is the detector box as the reference passes it: `x = left`, `y = top`, `width = right − left + 1`.
 * Returns the inclusive crop `int(left) … int(right)` × `int(top) … int(bottom)` as a {@link PixelBox}.
 * @example livenessCropBox({ width: 640, height: 480 }, { x: 280, y: 200, width: 80, height: 100 }, 2.7)
 * // → { x: 212, y: 115, width: 217, height: 271 }
 */
export function livenessCropBox(
  frame: { width: number; height: number },
  box: PixelBox,
  scale: number,
): PixelBox {
  const boxWidth = Math.max(1, box.width);
  const boxHeight = Math.max(1, box.height);
  const fitted = Math.min((frame.height - 1) / boxHeight, (frame.width - 1) / boxWidth, scale);
  const newWidth = boxWidth * fitted;
  const newHeight = boxHeight * fitted;
  const centreX = box.x + boxWidth / 2;
  const centreY = box.y + boxHeight / 2;
  let left = centreX - newWidth / 2;
  let top = centreY - newHeight / 2;
  let right = centreX + newWidth / 2;
  let bottom = centreY + newHeight / 2;
  if (left < 0) {
    right -= left;
    left = 0;
  }
  if (top < 0) {
    bottom -= top;
    top = 0;
  }
  if (right > frame.width - 1) {
    left -= right - frame.width + 1;
    right = frame.width - 1;
  }
  if (bottom > frame.height - 1) {
    top -= bottom - frame.height + 1;
    bottom = frame.height - 1;
  }
  // Python's int() truncates toward zero; clamping only removes float dust (e.g. −1e−13).
  const x = Math.max(0, Math.trunc(left));
  const y = Math.max(0, Math.trunc(top));
  return { x, y, width: Math.trunc(right) - x + 1, height: Math.trunc(bottom) - y + 1 };
}

/**
 * A detector box `[x1, y1, x2, y2]` (float frame coordinates) in the reference's integer `[x, y, w, h]`
 * form (`w = right − left + 1`), clipped to the frame.
 */
export function livenessBoxFromDetection(
  frame: { width: number; height: number },
  box: readonly [number, number, number, number],
): PixelBox {
  const left = Math.max(0, Math.trunc(box[0]));
  const top = Math.max(0, Math.trunc(box[1]));
  const right = Math.min(frame.width - 1, Math.trunc(box[2]));
  const bottom = Math.min(frame.height - 1, Math.trunc(box[3]));
  return { x: left, y: top, width: Math.max(1, right - left + 1), height: Math.max(1, bottom - top + 1) };
}
