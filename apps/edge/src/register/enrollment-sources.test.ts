import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { candidatesFromCsv, candidatesFromFolder, parseCsv } from './enrollment-sources.js';

describe('enrollment sources', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'edge-sources-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('parses RFC 4180 CSV with quotes, commas and CRLF', () => {
    expect(parseCsv('id,name\r\n7,"Lovelace, Ada"\n8,"say ""hi"""')).toEqual([
      ['id', 'name'],
      ['7', 'Lovelace, Ada'],
      ['8', 'say "hi"'],
    ]);
  });

  it('reads id,name,photos rows relative to the CSV file, skipping the header', () => {
    const csv = path.join(dir, 'staff.csv');
    writeFileSync(csv, 'id,name,photos\nE-1,Ada Lovelace,a/1.jpg;a/2.jpg\n,Grace Hopper,g.jpg,g2.jpg\n');
    expect(candidatesFromCsv(csv)).toEqual([
      {
        name: 'Ada Lovelace',
        externalId: 'E-1',
        photos: [path.join(dir, 'a/1.jpg'), path.join(dir, 'a/2.jpg')],
      },
      { name: 'Grace Hopper', externalId: null, photos: [path.join(dir, 'g.jpg'), path.join(dir, 'g2.jpg')] },
    ]);
  });

  it('turns <name>/photo*.jpg folders into people, photos in natural order', () => {
    const root = path.join(dir, 'people');
    for (const [person, files] of [
      ['Ada_Lovelace', ['photo10.jpg', 'photo2.jpg', 'notes.txt']],
      ['E-7', ['a.png']],
    ] as const) {
      mkdirSync(path.join(root, person), { recursive: true });
      for (const file of files) writeFileSync(path.join(root, person, file), '');
    }
    expect(candidatesFromFolder(root)).toEqual([
      {
        name: 'Ada Lovelace',
        externalId: 'Ada_Lovelace',
        photos: [path.join(root, 'Ada_Lovelace/photo2.jpg'), path.join(root, 'Ada_Lovelace/photo10.jpg')],
      },
      { name: 'E-7', externalId: 'E-7', photos: [path.join(root, 'E-7/a.png')] },
    ]);
  });
});
