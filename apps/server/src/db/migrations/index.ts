import { initialSchema } from './202611280000_initial-schema.js';
import { liveness } from './202611280200_liveness.js';
import type { Migration } from './migration.js';

/** All migrations, oldest first. Append only. */
export const MIGRATIONS: readonly Migration[] = [initialSchema, liveness];
