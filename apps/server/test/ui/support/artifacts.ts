import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** test-artifacts/ at the repository root (gitignored): screenshots for people to look at after a run. */
export function artifactPath(name: string): string {
  const dir = fileURLToPath(new URL('../../../../../test-artifacts/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  return `${dir}${name}`;
}

export const FACES_DIR = fileURLToPath(new URL('../../../../../../shared/faces/', import.meta.url));
export const lfwPhoto = (person: string, index: number) =>
  `${FACES_DIR}lfw-dev/people/${person}/${person}_${String(index).padStart(4, '0')}.jpg`;
