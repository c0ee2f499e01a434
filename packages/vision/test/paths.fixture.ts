import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
/** Shared fixtures (read-only, never copied into the repo): `FACES_DIR` / `MODELS_DIR`, else `../shared/...`. */
export const SHARED_DIR = join(REPO_ROOT, '..', 'shared');
export const FACES_DIR = process.env.FACES_DIR ?? join(SHARED_DIR, 'faces');
export const MODELS_DIR = process.env.MODELS_DIR ?? join(SHARED_DIR, 'models');
