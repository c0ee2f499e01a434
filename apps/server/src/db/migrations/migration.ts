/**
 * A frozen, versioned schema change. Migrations never import application code: once released their SQL
 * must not change, so they are plain statement lists (one statement per entry, valid on both drivers).
 */
export interface Migration {
  /** Sortable id, `YYYYMMDDHHMM_name`. */
  readonly id: string;
  readonly up: readonly string[];
  readonly down: readonly string[];
}
