import { describe, expect, it } from 'vitest';
import { attachFrameOverlay, readFrameOverlay, type FrameOverlay } from './frame-overlay.js';

// SOI, an APP0 segment of 4 bytes, start of scan, two bytes of "scan", EOI: enough structure to walk.
const JPEG = new Uint8Array([
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x4a, 0x46, 0xff, 0xda, 0x12, 0x34, 0xff, 0xd9,
]);
const OVERLAY: FrameOverlay = {
  v: 1,
  width: 640,
  height: 480,
  faces: [
    { box: [10, 20, 110, 140], color: 'green', label: 'अनन्या शर्मा - recorded 0.81' },
    { box: [300, 40, 380, 150], color: 'red', label: '王小明' },
  ],
  banners: ['door-1'],
};

describe('frame overlay inside the JPEG', () => {
  it('round-trips boxes and labels in any script, keeping the picture bytes intact', () => {
    const framed = attachFrameOverlay(JPEG, OVERLAY);
    expect([...framed.subarray(0, 4)]).toEqual([0xff, 0xd8, 0xff, 0xfe]);
    expect([...framed.subarray(framed.length - JPEG.length + 2)]).toEqual([...JPEG.subarray(2)]);
    expect(readFrameOverlay(framed)).toEqual(OVERLAY);
  });

  it('answers null for frames of older agents, other comments and broken segments', () => {
    expect(readFrameOverlay(JPEG)).toBeNull();
    const comment = new Uint8Array([
      0xff,
      0xd8,
      0xff,
      0xfe,
      0x00,
      0x05,
      0x61,
      0x62,
      0x63,
      ...JPEG.subarray(2),
    ]);
    expect(readFrameOverlay(comment)).toBeNull();
    const framed = attachFrameOverlay(JPEG, OVERLAY);
    framed[30] = 0x7b; // corrupt the JSON
    expect(readFrameOverlay(framed.subarray(0, 40))).toBeNull();
    expect(readFrameOverlay(new Uint8Array([0x89, 0x50]))).toBeNull();
  });
});
