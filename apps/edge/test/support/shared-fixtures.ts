import { readdirSync } from 'node:fs';
import path from 'node:path';

/** `../shared` next to the repository (models and photos are read from there, never copied). */
export const SHARED_DIR = path.resolve(
  import.meta.dirname,
  '../../../..',
  process.env['SHARED_DIR'] ?? '../shared',
);
export const MODELS_DIR = path.join(SHARED_DIR, 'models');
export const LFW_PEOPLE_DIR = path.join(SHARED_DIR, 'faces/lfw-dev/people');
export const LFW_STRANGERS_DIR = path.join(SHARED_DIR, 'faces/lfw-dev/strangers');

/** Sorted JPEG photos of one lfw-dev person. */
export function photosOf(person: string): string[] {
  const dir = path.join(LFW_PEOPLE_DIR, person);
  return readdirSync(dir)
    .filter((file) => file.endsWith('.jpg'))
    .sort()
    .map((file) => path.join(dir, file));
}

export function lfwPeople(): string[] {
  return readdirSync(LFW_PEOPLE_DIR).sort();
}

export function strangerPhotos(): string[] {
  return readdirSync(LFW_STRANGERS_DIR)
    .filter((file) => file.endsWith('.jpg'))
    .sort()
    .map((file) => path.join(LFW_STRANGERS_DIR, file));
}
