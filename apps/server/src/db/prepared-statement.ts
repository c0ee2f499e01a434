import { createHash } from 'node:crypto';

const names = new Map<string, string>();
/** Few distinct texts are prepared (one identify statement per model), but a bug must not grow this forever. */
const MAX_NAMES = 256;

/**
 * The name a statement is prepared under on each connection: derived from its text, because a connection
 * refuses a known name with another text (identify's text differs per model and options).
 */
export function preparedStatementName(sql: string): string {
  let name = names.get(sql);
  if (name === undefined) {
    name = `sa_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`;
    if (names.size >= MAX_NAMES) names.clear();
    names.set(sql, name);
  }
  return name;
}
