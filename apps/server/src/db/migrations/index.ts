import { initialSchema } from './202611280000_initial-schema.js';
import type { Migration } from './migration.js';

/** All migrations, oldest first. Append only. */
export const MIGRATIONS: readonly Migration[] = [initialSchema];
