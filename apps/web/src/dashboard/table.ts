import { el } from '../shared/dom.js';

/**
 * `<table><thead><tr><th>…</th></tr></thead><tbody>…</tbody></table>`. `body` is either the view's own
 * `<tbody>` (it refills it later) or the rows of a table built once. Header texts are text nodes, or
 * elements (a table built once gives {@link localizedText} headers, which follow a language switch).
 */
export function table(
  headers: readonly (string | Node)[],
  body: HTMLTableSectionElement | readonly HTMLTableRowElement[],
  attributes: Record<string, string> = {},
): HTMLTableElement {
  const tbody = body instanceof HTMLTableSectionElement ? body : el('tbody', {}, ...body);
  return el(
    'table',
    attributes,
    el('thead', {}, el('tr', {}, ...headers.map((header) => el('th', {}, header)))),
    tbody,
  );
}
