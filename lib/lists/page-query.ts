import { z } from "zod";

// How every long list in the portal is asked for: a search, a sort, a page. They come from the
// address bar (so a view can be bookmarked or pasted into a ticket) and anything malformed there
// falls back to the default instead of showing an error. The database does the work: a page of
// 5,000 applications costs one indexed query and a count, not 5,000 rows sent to the browser.

export const PER_PAGE_OPTIONS = [10, 20, 50, 100] as const;
export const DEFAULT_PER_PAGE = 20;

export type SortDirection = "asc" | "desc";

export interface PageQuery<S extends string> {
  q?: string;
  sort: S;
  dir: SortDirection;
  page: number;
  perPage: number;
}

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  perPage: number;
}

/** The parser of one list's query: which columns it sorts by, and which sort it starts with. */
export function pageQuery<const S extends readonly [string, ...string[]]>(sorts: S, defaults: { sort: S[number]; dir: SortDirection }) {
  return z.object({
    q: z.string().trim().max(100).optional().catch(undefined).transform((q) => q || undefined),
    sort: z.enum(sorts).catch(defaults.sort as never).default(defaults.sort as never),
    dir: z.enum(["asc", "desc"]).catch(defaults.dir).default(defaults.dir),
    page: z.coerce.number().int().min(1).max(1_000_000).catch(1).default(1),
    perPage: z.coerce
      .number()
      .refine((n) => (PER_PAGE_OPTIONS as readonly number[]).includes(n))
      .catch(DEFAULT_PER_PAGE)
      .default(DEFAULT_PER_PAGE),
  });
}

/** The address bar's values that are plain strings, empty ones left out, as a zod object reads them. */
export function searchParamsOf(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(raw).filter((entry): entry is [string, string] => typeof entry[1] === "string" && entry[1] !== ""));
}

/** One list's own values when two lists share a page's address ("dr-q" → "q" for the prefix "dr-"). */
export function paramsWithPrefix(params: Record<string, string>, prefix: string): Record<string, string> {
  return Object.fromEntries(Object.entries(params).flatMap(([key, value]) => (key.startsWith(prefix) ? [[key.slice(prefix.length), value]] : [])));
}

/**
 * Runs a page's query and its count together. A page past the end (a bookmark from when the list
 * was longer, or the last row just deleted) shows the last page instead of an empty table.
 */
export async function fetchPage<T>(query: Pick<PageQuery<string>, "page" | "perPage">, find: (skip: number, take: number) => Promise<T[]>, count: () => Promise<number>): Promise<Paged<T>> {
  const { perPage } = query;
  const [items, total] = await Promise.all([find((query.page - 1) * perPage, perPage), count()]);
  const lastPage = Math.max(1, Math.ceil(total / perPage));
  if (items.length === 0 && query.page > lastPage) return { items: await find((lastPage - 1) * perPage, perPage), total, page: lastPage, perPage };
  return { items, total, page: query.page, perPage };
}
