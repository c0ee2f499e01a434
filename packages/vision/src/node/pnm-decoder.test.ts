import { describe, expect, it } from 'vitest';
import { decodePnm, isBinaryPnm } from './pnm-decoder.js';

const pnm = (header: string, pixels: number[]) =>
  new Uint8Array([...new TextEncoder().encode(header), ...pixels]);

describe(decodePnm.name, () => {
  it('decodes 8-bit PGM with comments into RGB', () => {
    const bytes = pnm('P5\n# made by hand\n2 1\n255\n', [0, 200]);
    expect(isBinaryPnm(bytes)).toBe(true);
    expect(decodePnm(bytes)).toEqual({ width: 2, height: 1, data: new Uint8Array([0, 0, 0, 200, 200, 200]) });
  });

  it('decodes PPM and rescales other max values', () => {
    expect(decodePnm(pnm('P6 1 1 15\n', [15, 0, 5])).data).toEqual(new Uint8Array([255, 0, 85]));
  });

  it('rejects truncated data', () => {
    expect(() => decodePnm(pnm('P5 4 4 255\n', [1, 2]))).toThrow(/truncated/);
  });
});
