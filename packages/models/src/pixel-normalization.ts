/**
 * How a model wants its pixels: channel order and per-channel `(x − mean) / std` on raw 0–255 values
 * (mean/std listed in the model's channel order).
 */
export interface PixelNormalization {
  channelOrder: 'rgb' | 'bgr';
  mean: readonly [number, number, number];
  std: readonly [number, number, number];
}

/** Per-channel scale/offset so the hot loops do one multiply-add: `x · scale + offset`, indexed by RGB source channel. */
export interface ChannelAffine {
  /** Destination plane of source channel r, g, b (0–2). */
  plane: readonly [number, number, number];
  scale: readonly [number, number, number];
  offset: readonly [number, number, number];
}

export function toChannelAffine(pixel: PixelNormalization): ChannelAffine {
  const plane: [number, number, number] = pixel.channelOrder === 'rgb' ? [0, 1, 2] : [2, 1, 0];
  const scale: [number, number, number] = [0, 0, 0];
  const offset: [number, number, number] = [0, 0, 0];
  for (let source = 0; source < 3; source++) {
    const p = plane[source] ?? 0;
    scale[source] = 1 / (pixel.std[p] ?? 1);
    offset[source] = 0 - (pixel.mean[p] ?? 0) / (pixel.std[p] ?? 1); // 0 − x, never −0
  }
  return { plane, scale, offset };
}

/** InsightFace SCRFD: RGB, (x − 127.5) / 128. */
export const SCRFD_PIXELS: PixelNormalization = {
  channelOrder: 'rgb',
  mean: [127.5, 127.5, 127.5],
  std: [128, 128, 128],
};
/** InsightFace ArcFace (w600k_*): RGB, (x − 127.5) / 127.5. */
export const ARCFACE_PIXELS: PixelNormalization = {
  channelOrder: 'rgb',
  mean: [127.5, 127.5, 127.5],
  std: [127.5, 127.5, 127.5],
};
/** Raw BGR 0–255 (YuNet, Intel Open Model Zoo). */
export const RAW_BGR_PIXELS: PixelNormalization = { channelOrder: 'bgr', mean: [0, 0, 0], std: [1, 1, 1] };
/** ImageNet mean/std on 0–255 values, RGB. */
export const IMAGENET_PIXELS: PixelNormalization = {
  channelOrder: 'rgb',
  mean: [0.485 * 255, 0.456 * 255, 0.406 * 255],
  std: [0.229 * 255, 0.224 * 255, 0.225 * 255],
};
