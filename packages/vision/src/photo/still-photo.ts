import { padImage, type PadFill } from '../image/pad-image.js';
import type { ContentRegion } from '../quality/quality-check.js';
import type { DetectedFace, RgbImage } from '../types.js';
import type { LandmarkRefinement } from './refine-landmarks.js';

export interface StillPhotoOptions {
  /** Border added on every side, as a fraction of the photo's longer side. */
  padFraction: number;
  padFill: PadFill;
  /** Detector input sides the photo is detected at (the faces found at all of them are merged). */
  sizes: readonly number[];
  /** Also detect at the photo's own (padded) size, up to this side; null: not. */
  ownSizeUpTo: number | null;
  /** Each face found is detected again on a cut around it for finer landmarks; null: not. */
  refine: LandmarkRefinement | null;
}

/** Chosen on lfw-dev, the bbt crops and ORL (see README, "Still photos"). */
export const STILL_PHOTO_DEFAULTS: Readonly<StillPhotoOptions> = {
  padFraction: 0.25,
  padFill: 'black',
  sizes: [320],
  ownSizeUpTo: 1280,
  refine: { size: 640, context: 2.25 },
};

export interface StillPhoto {
  /** The photo with its border. */
  image: RgbImage;
  /** Where the original photo lies in `image`. */
  content: ContentRegion;
  /** Detector input sides (multiples of 32), ascending, each once. */
  detectionSizes: number[];
  /** A face found in `image`, in the original photo's coordinates. */
  toOriginal<T extends DetectedFace>(face: T): T;
}

/**
 * A still photo made ready for detection: padded, so a face cropped tight (a badge photo) is seen whole
 * with background around it as detectors were trained, and detected at its own size (no upscaling, which
 * makes large faces too large for the detector's anchors), capped for large photos.
 */
export function prepareStillPhoto(
  photo: RgbImage,
  options: StillPhotoOptions = STILL_PHOTO_DEFAULTS,
): StillPhoto {
  const margin = Math.round(options.padFraction * Math.max(photo.width, photo.height));
  const image = padImage(photo, margin, options.padFill);
  const longer = Math.max(image.width, image.height);
  const own = options.ownSizeUpTo === null ? [] : [Math.min(longer, options.ownSizeUpTo)];
  const detectionSizes = [...new Set([...options.sizes, ...own].map(multipleOf32))].sort((a, b) => a - b);
  return {
    image,
    content: { x: margin, y: margin, width: photo.width, height: photo.height },
    detectionSizes,
    toOriginal: (face) => ({
      ...face,
      box: [face.box[0] - margin, face.box[1] - margin, face.box[2] - margin, face.box[3] - margin],
      landmarks: face.landmarks.map(([x, y]) => [x - margin, y - margin] as const),
    }),
  };
}

const multipleOf32 = (side: number) => Math.max(32, Math.ceil(side / 32) * 32);
