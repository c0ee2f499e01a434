import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { EdgeError } from '../errors.js';
import { listImages } from '../camera/image-folder-source.js';

/** A person to enroll and the photos to take templates from. */
export interface EnrollmentCandidate {
  readonly name: string;
  readonly externalId: string | null;
  readonly photos: readonly string[];
}

/**
 * A bulk folder: one sub-folder per person, named after the person (`Ada_Lovelace/photo1.jpg`).
 * The folder name becomes the external id (so re-running the import finds duplicates) and, with
 * underscores as spaces, the display name.
 */
export function candidatesFromFolder(root: string): EnrollmentCandidate[] {
  let entries;
  try {
    entries = readdirSync(root, { withFileTypes: true });
  } catch (error) {
    throw new EdgeError('usage', `cannot read folder ${root}: ${(error as Error).message}`);
  }
  return entries
    .filter(
      (entry) => entry.isDirectory() || (entry.isSymbolicLink() && isDirectory(path.join(root, entry.name))),
    )
    .map((entry) => entry.name)
    .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }))
    .map((folder) => ({
      name: folder.replace(/_+/g, ' ').trim(),
      externalId: folder,
      photos: listImages(path.join(root, folder)),
    }));
}

/**
 * A CSV of `id,name,photo[,photo…]` (a header row starting with `id` is skipped). Several photos may
 * also share one cell separated by `;`. Photo paths are relative to the CSV file.
 */
export function candidatesFromCsv(file: string): EnrollmentCandidate[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new EdgeError('usage', `cannot read ${file}: ${(error as Error).message}`);
  }
  const base = path.dirname(file);
  const rows = parseCsv(text).filter((row) => row.some((cell) => cell.trim() !== ''));
  if (rows[0]?.[0]?.trim().toLowerCase() === 'id') rows.shift();
  return rows.map((row, index) => {
    const [id = '', name = '', ...photoCells] = row.map((cell) => cell.trim());
    if (name === '') throw new EdgeError('usage', `${file}: row ${index + 1} has no name`);
    const photos = photoCells
      .flatMap((cell) => cell.split(';'))
      .map((photo) => photo.trim())
      .filter((photo) => photo !== '')
      .map((photo) => path.resolve(base, photo));
    return { name, externalId: id === '' ? null : id, photos };
  });
}

/** RFC 4180 CSV: quoted fields may contain commas, newlines and doubled quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += char;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

function isDirectory(candidate: string): boolean {
  try {
    return statSync(candidate).isDirectory();
  } catch {
    return false;
  }
}
