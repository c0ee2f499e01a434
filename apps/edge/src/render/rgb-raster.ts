/**
 * @module Minimal drawing on packed RGB (HWC, 3 bytes per pixel) frames: filled and outlined
 * rectangles and bitmap text. Everything is clipped to the frame, so callers may pass any coordinates.
 */
import { GLYPH_HEIGHT, GLYPH_WIDTH, glyphFor } from './bitmap-font.js';

export type Rgb = readonly [number, number, number];

/** A packed RGB frame (rows top to bottom, 3 bytes per pixel); the vision package's RgbImage fits. */
export interface RgbFrame {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** Fills `[x, x+width) × [y, y+height)`, clipped to the image. */
export function fillRect(
  image: RgbFrame,
  rect: { x: number; y: number; width: number; height: number },
  color: Rgb,
): void {
  const x0 = Math.max(0, Math.round(rect.x));
  const y0 = Math.max(0, Math.round(rect.y));
  const x1 = Math.min(image.width, Math.round(rect.x + rect.width));
  const y1 = Math.min(image.height, Math.round(rect.y + rect.height));
  for (let y = y0; y < y1; y++) {
    let offset = (y * image.width + x0) * 3;
    for (let x = x0; x < x1; x++) {
      image.data[offset] = color[0];
      image.data[offset + 1] = color[1];
      image.data[offset + 2] = color[2];
      offset += 3;
    }
  }
}

/** Outlines the box `[x1, y1, x2, y2]` with lines `thickness` pixels wide, drawn inside the box. */
export function strokeBox(
  image: RgbFrame,
  box: readonly [number, number, number, number],
  color: Rgb,
  thickness = 2,
): void {
  const [x1, y1, x2, y2] = box;
  const width = x2 - x1;
  const height = y2 - y1;
  fillRect(image, { x: x1, y: y1, width, height: thickness }, color);
  fillRect(image, { x: x1, y: y2 - thickness, width, height: thickness }, color);
  fillRect(image, { x: x1, y: y1, width: thickness, height }, color);
  fillRect(image, { x: x2 - thickness, y: y1, width: thickness, height }, color);
}

/** Width and height in pixels of `text` at integer `scale` (1 = 5×7 glyphs with 1 px spacing). */
export function measureText(text: string, scale = 1): { width: number; height: number } {
  const chars = [...text].length;
  return {
    width: chars === 0 ? 0 : (chars * (GLYPH_WIDTH + 1) - 1) * scale,
    height: GLYPH_HEIGHT * scale,
  };
}

/**
 * Draws `text` with its top-left corner at (x, y); with `background`, on a filled label box padded by
 * `scale` pixels. Returns the drawn width.
 */
export function drawText(
  image: RgbFrame,
  text: string,
  at: { x: number; y: number },
  style: { color: Rgb; scale?: number; background?: Rgb },
): number {
  const scale = Math.max(1, Math.round(style.scale ?? 1));
  const size = measureText(text, scale);
  if (style.background) {
    fillRect(
      image,
      { x: at.x - scale, y: at.y - scale, width: size.width + 2 * scale, height: size.height + 2 * scale },
      style.background,
    );
  }
  let penX = Math.round(at.x);
  const top = Math.round(at.y);
  for (const char of text) {
    const rows = glyphFor(char);
    rows.forEach((bits, row) => {
      for (let column = 0; column < GLYPH_WIDTH; column++) {
        if ((bits >> (GLYPH_WIDTH - 1 - column)) & 1) {
          fillRect(
            image,
            { x: penX + column * scale, y: top + row * scale, width: scale, height: scale },
            style.color,
          );
        }
      }
    });
    penX += (GLYPH_WIDTH + 1) * scale;
  }
  return size.width;
}
