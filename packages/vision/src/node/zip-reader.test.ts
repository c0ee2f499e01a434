import { describe, expect, it } from 'vitest';
import { createZip } from '../../test/zip-archive.fixture.js';
import { listZipEntries, readZipEntry } from './zip-reader.js';

const text = (s: string) => new TextEncoder().encode(s);

describe(readZipEntry.name, () => {
  it.each([0, 8] as const)('reads entries written with method %i', (method) => {
    const zip = createZip(
      { 'a/one.txt': text('hello hello hello'), 'two.bin': new Uint8Array([1, 2, 3]) },
      method,
    );
    const entries = listZipEntries(zip);
    expect(entries.map((e) => e.name)).toEqual(['a/one.txt', 'two.bin']);
    expect(new TextDecoder().decode(readZipEntry(zip, entries[0] as (typeof entries)[0]))).toBe(
      'hello hello hello',
    );
  });

  it('detects damaged data through the CRC-32', () => {
    const zip = createZip({ 'x.txt': text('some content') }, 0);
    const [entry] = listZipEntries(zip);
    const dataStart = 30 + 'x.txt'.length;
    zip[dataStart] = (zip[dataStart] ?? 0) ^ 0xff;
    expect(() => readZipEntry(zip, entry as NonNullable<typeof entry>)).toThrow(/CRC-32/);
  });

  it('rejects data that is not a zip', () => {
    expect(() => listZipEntries(text('<html>not found</html>'))).toThrow(/not a zip/);
  });
});
