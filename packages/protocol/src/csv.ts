/**
 * The one CSV writer of the server's exports, the dashboard and the CLI (RFC 4180, CRLF line ends). A
 * cell starting with = + - @, a tab or a carriage return gets a leading apostrophe, so a spreadsheet never
 * runs a name such as `=HYPERLINK(…)` as a formula (CSV injection).
 *
 * @example toCsv(['name', 'hours'], [['Ada', 8.5]]) // 'name,hours\r\nAda,8.5\r\n'
 */
export type CsvValue = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\n\r']/;

/**
 * One cell: text guarded against formulas, quoted when it holds a quote, comma, line break or apostrophe.
 * Numbers are written as they are (a negative number is no formula).
 */
export function csvCell(value: CsvValue): string {
  if (typeof value === 'number') return String(value);
  let text = value === null || value === undefined ? '' : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A header and rows as CSV text, every line (the last too) ending in CRLF. */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvValue[]>): string {
  const lines = [header.map(csvCell).join(',')];
  for (const row of rows) lines.push(row.map(csvCell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
