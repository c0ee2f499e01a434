import { z } from 'zod';

/** `?limit=&offset=` of every paged list. */
export const PageQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50).describe('How many items to return (1–500)'),
  offset: z.coerce
    .number()
    .int()
    .min(0)
    .max(1_000_000)
    .default(0)
    .describe('How many matching items to skip (0–1,000,000)'),
});
export type PageQuery = z.infer<typeof PageQuerySchema>;

/**
 * The envelope of every paged list: one page of `item`s, how many match in all, and the limit and offset
 * that made the page.
 * @example export const PersonListSchema = pageOf(PersonSchema);
 */
export function pageOf<Item extends z.ZodType>(item: Item) {
  return z.object({
    items: z.array(item).describe('This page, in the list order'),
    total: z.number().int().describe('How many items match the query, on all pages'),
    limit: z.number().int().describe('The limit the page was made with'),
    offset: z.number().int().describe('The offset the page was made with'),
  });
}

/** A page of `Item` as the server answers it. */
export interface Page<Item> {
  items: Item[];
  total: number;
  limit: number;
  offset: number;
}

/** Wraps a query's matches and total in the page envelope of `query`. */
export function toPage<Item>(found: { items: Item[]; total: number }, query: PageQuery): Page<Item> {
  return { items: found.items, total: found.total, limit: query.limit, offset: query.offset };
}
