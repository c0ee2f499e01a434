import { z } from 'zod';

/** A comma-separated setting (`a, b,,c` → `['a', 'b', 'c']`); unset or empty → `[]`. */
export const commaSeparatedList = z
  .string()
  .default('')
  .transform((raw) =>
    raw
      .split(',')
      .map((value) => value.trim())
      .filter(Boolean),
  );
