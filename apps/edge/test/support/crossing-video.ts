import type { RgbImage } from '@attendance/vision';

/** Where one person's face crop is drawn in a frame (its top-left corner). */
export interface ScriptedPosition {
  readonly person: number;
  readonly x: number;
  readonly y: number;
}

export interface CrossingFrame {
  readonly image: RgbImage;
  /** Back to front: the later person is drawn over the earlier one. */
  readonly positions: readonly ScriptedPosition[];
}

/** Side of the square crop taken from the centre of each 250×250 lfw photo (the face and a margin). */
export const CROP = 150;

/**
 * Two people walking past each other in front of the camera: person 0 from left to right, person 1 from
 * right to left in front of them, on the same row, so for a few frames one face hides the other — where an
 * IoU tracker can hand one person's box to the other. Raw RGB frames, `frames` of them.
 */
export function crossingFrames(
  photos: readonly [RgbImage, RgbImage],
  options: { width: number; height: number; frames: number },
): CrossingFrame[] {
  const crops = photos.map(centreCrop);
  const travel = options.width - CROP;
  const y = Math.round((options.height - CROP) / 2);
  return Array.from({ length: options.frames }, (_, index) => {
    const t = index / (options.frames - 1);
    const positions = [
      { person: 0, x: Math.round(t * travel), y },
      { person: 1, x: Math.round((1 - t) * travel), y },
    ];
    const image = {
      width: options.width,
      height: options.height,
      data: new Uint8Array(options.width * options.height * 3).fill(96),
    };
    for (const position of positions) {
      paste(image, crops[position.person] as RgbImage, position.x, position.y);
    }
    return { image, positions };
  });
}

/** Which scripted person's crop holds the centre of `box` (the one in front when both do); -1 for none. */
export function personAt(frame: CrossingFrame, box: readonly number[]): number {
  const cx = ((box[0] ?? 0) + (box[2] ?? 0)) / 2;
  const cy = ((box[1] ?? 0) + (box[3] ?? 0)) / 2;
  let found = -1;
  for (const { person, x, y } of frame.positions) {
    if (cx >= x && cx < x + CROP && cy >= y && cy < y + CROP) found = person;
  }
  return found;
}

function centreCrop(photo: RgbImage): RgbImage {
  const x0 = Math.round((photo.width - CROP) / 2);
  const y0 = Math.round((photo.height - CROP) / 2);
  const data = new Uint8Array(CROP * CROP * 3);
  for (let y = 0; y < CROP; y++) {
    const from = ((y0 + y) * photo.width + x0) * 3;
    data.set(photo.data.subarray(from, from + CROP * 3), y * CROP * 3);
  }
  return { width: CROP, height: CROP, data };
}

function paste(target: RgbImage, source: RgbImage, x: number, y: number): void {
  for (let row = 0; row < source.height; row++) {
    const ty = y + row;
    if (ty < 0 || ty >= target.height) continue;
    const start = Math.max(0, -x);
    const end = Math.min(source.width, target.width - x);
    if (end <= start) continue;
    target.data.set(
      source.data.subarray((row * source.width + start) * 3, (row * source.width + end) * 3),
      (ty * target.width + x + start) * 3,
    );
  }
}
