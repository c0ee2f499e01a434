import type { Box } from './box-geometry.js';

/** Cells per side of the signature grid. */
const GRID = 12;
/** Pixels sampled per cell side (GRID² × SAMPLES² reads per face: cheap next to any model run). */
const SAMPLES = 3;

/** A packed RGB frame (HWC, 3 bytes per pixel). */
export interface RgbPixels {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/**
 * A coarse grey-level picture of the pixels inside a face box (12×12 cell means, centred and scaled to unit
 * length), so two signatures compare by a dot product that ignores brightness and contrast changes. It is
 * no identity: it only tells "the same face as a frame ago" from "different pixels in this box", which is
 * what a box handed to another person looks like when the box itself barely moved.
 */
export function appearanceSignature(frame: RgbPixels, box: Box): Float32Array {
  const signature = new Float32Array(GRID * GRID);
  const x0 = box[0];
  const y0 = box[1];
  const cellWidth = (box[2] - box[0]) / GRID;
  const cellHeight = (box[3] - box[1]) / GRID;
  const maxX = frame.width - 1;
  const maxY = frame.height - 1;
  for (let cy = 0; cy < GRID; cy++) {
    for (let cx = 0; cx < GRID; cx++) {
      let sum = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        const y = clamp(Math.floor(y0 + (cy + (sy + 0.5) / SAMPLES) * cellHeight), maxY);
        for (let sx = 0; sx < SAMPLES; sx++) {
          const x = clamp(Math.floor(x0 + (cx + (sx + 0.5) / SAMPLES) * cellWidth), maxX);
          const offset = (y * frame.width + x) * 3;
          sum +=
            0.299 * (frame.data[offset] ?? 0) +
            0.587 * (frame.data[offset + 1] ?? 0) +
            0.114 * (frame.data[offset + 2] ?? 0);
        }
      }
      signature[cy * GRID + cx] = sum;
    }
  }
  return standardize(signature);
}

/** Correlation of two signatures in [-1, 1] (1: the same picture up to brightness and contrast). */
export function signatureSimilarity(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += (a[i] ?? 0) * (b[i] ?? 0);
  return dot;
}

function standardize(values: Float32Array): Float32Array {
  let mean = 0;
  for (const value of values) mean += value;
  mean /= values.length;
  let norm = 0;
  for (let i = 0; i < values.length; i++) {
    const centred = (values[i] ?? 0) - mean;
    values[i] = centred;
    norm += centred * centred;
  }
  norm = Math.sqrt(norm);
  // A flat box (a blank wall) has no pattern to compare: every change from it counts as a change.
  if (norm > 0) for (let i = 0; i < values.length; i++) values[i] = (values[i] ?? 0) / norm;
  return values;
}

function clamp(value: number, max: number): number {
  return value < 0 ? 0 : value > max ? max : value;
}
