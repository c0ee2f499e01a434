/** Values a query parameter may take; `undefined` and `''` leave the parameter out (no filter). */
export type QueryValue = string | number | boolean | undefined;

/** `?a=1&b=x` from the set parameters, or `''` when none is set. */
export function toQuery(params: Readonly<Record<string, QueryValue>>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(name, String(value));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}
