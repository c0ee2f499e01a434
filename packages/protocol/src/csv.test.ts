import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv.js';

describe(toCsv.name, () => {
  it('guards every cell that a spreadsheet would run as a formula', () => {
    for (const hostile of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) {
      expect(csvCell(hostile).replace(/^"|"$/g, '').startsWith("'")).toBe(true);
    }
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('Ada')).toBe('Ada');
    expect(csvCell('-1.5')).toBe(`"'-1.5"`);
    expect(csvCell(-1.5)).toBe('-1.5');
    expect(csvCell(null)).toBe('');
  });

  it('quotes commas, quotes and line breaks and ends every line with CRLF', () => {
    expect(
      toCsv(
        ['name', 'note'],
        [
          ['Lovelace, Ada', 'said "hi"\nthen left'],
          ['Bob', true],
        ],
      ),
    ).toBe('name,note\r\n"Lovelace, Ada","said ""hi""\nthen left"\r\nBob,true\r\n');
  });
});
