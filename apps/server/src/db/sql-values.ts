/** Timestamps come back as Date (both drivers); the wire carries ISO-8601 strings. */
export function isoTimestamp(value: Date | string): string {
  return value instanceof Date ? value.toISOString() : new Date(value).toISOString();
}

export function isoTimestampOrNull(value: Date | string | null): string | null {
  return value === null ? null : isoTimestamp(value);
}

/** True for a PostgreSQL unique violation (SQLSTATE 23505), from `pg` or PGlite. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, constraint: actual } = error as { code?: unknown; constraint?: unknown };
  return code === '23505' && (constraint === undefined || actual === constraint);
}

/** Escapes `%`, `_` and `\` for a LIKE/ILIKE pattern. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
