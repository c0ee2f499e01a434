import { describe, expect, it } from 'vitest';
import { GLYPH_HEIGHT, glyphFor } from './bitmap-font.js';
import { annotateFrame, OVERLAY_COLORS } from './frame-annotator.js';
import { drawText, fillRect, measureText, strokeBox, type RgbFrame } from './rgb-raster.js';

const blank = (width: number, height: number): RgbFrame => ({
  width,
  height,
  data: new Uint8Array(width * height * 3),
});
const pixel = (frame: RgbFrame, x: number, y: number) =>
  Array.from(frame.data.subarray((y * frame.width + x) * 3, (y * frame.width + x) * 3 + 3));
const count = (frame: RgbFrame, color: readonly number[]) => {
  let n = 0;
  for (let i = 0; i < frame.data.length; i += 3) {
    if (frame.data[i] === color[0] && frame.data[i + 1] === color[1] && frame.data[i + 2] === color[2]) n++;
  }
  return n;
};

describe('rgb raster', () => {
  it('fills a clipped rectangle without touching other pixels', () => {
    const frame = blank(10, 10);
    fillRect(frame, { x: -5, y: 8, width: 8, height: 10 }, [1, 2, 3]);
    expect(count(frame, [1, 2, 3])).toBe(3 * 2);
    expect(pixel(frame, 2, 9)).toEqual([1, 2, 3]);
    expect(pixel(frame, 3, 9)).toEqual([0, 0, 0]);
  });

  it('outlines a box with the requested thickness and leaves the inside alone', () => {
    const frame = blank(20, 20);
    strokeBox(frame, [2, 2, 12, 12], [255, 0, 0], 2);
    expect(pixel(frame, 2, 2)).toEqual([255, 0, 0]);
    expect(pixel(frame, 11, 11)).toEqual([255, 0, 0]);
    expect(pixel(frame, 7, 7)).toEqual([0, 0, 0]);
    expect(count(frame, [255, 0, 0])).toBe(10 * 10 - 6 * 6);
  });

  it('draws glyph pixels exactly as the font defines them', () => {
    const frame = blank(20, 10);
    const width = drawText(frame, 'T', { x: 1, y: 1 }, { color: [9, 9, 9] });
    expect(width).toBe(5);
    // T: full top row, then a single centre column.
    for (let x = 1; x <= 5; x++) expect(pixel(frame, x, 1)).toEqual([9, 9, 9]);
    expect(pixel(frame, 3, 4)).toEqual([9, 9, 9]);
    expect(pixel(frame, 1, 4)).toEqual([0, 0, 0]);
    expect(count(frame, [9, 9, 9])).toBe(5 + 6);
  });

  it('maps lower case and accents to the upper-case glyphs and unknowns to ?', () => {
    expect(glyphFor('a')).toEqual(glyphFor('A'));
    expect(glyphFor('é')).toEqual(glyphFor('E'));
    expect(glyphFor('€')).toEqual(glyphFor('?'));
    expect(measureText('AB', 2)).toEqual({ width: 22, height: GLYPH_HEIGHT * 2 });
  });

  it('annotates a face with its colour and a label above the box', () => {
    const frame = blank(200, 120);
    annotateFrame(frame, [{ box: [50, 40, 150, 110], color: 'green', label: 'Ada - recorded' }]);
    expect(pixel(frame, 50, 60)).toEqual([...OVERLAY_COLORS.green]);
    expect(pixel(frame, 100, 75)).toEqual([0, 0, 0]);
    // The label background sits just above the box.
    expect(pixel(frame, 50, 30)).toEqual([...OVERLAY_COLORS.green]);
    expect(count(frame, OVERLAY_COLORS.red)).toBe(0);
  });
});
