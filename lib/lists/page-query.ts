import { z } from "zod";

// How every long list in the portal is asked for: a search, a sort, a page. They come from the
// address bar (so a view can be bookmarked or pasted into a ticket) and anything malformed there
// falls back to the default instead of showing an error. The database does the work: a page of
// 5,000 applications costs one indexed query and a count, not 5,000 rows sent to the browser. The
// count stops at COUNT_CAP: "1,000+" tells a person as much as 100,000 does, and counting a
// hundred thousand runs on every page view cost more than drawing the page.

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

/** Lists count their rows up to this many; beyond it they say "more than". */
export const COUNT_CAP = 1000;

export interface Paged<T> {
  items: T[];
  /** The number of rows the filters find, or COUNT_CAP + 1 when there are more than COUNT_CAP. */
  total: number;
  /** True when total is only "more than COUNT_CAP". */
  totalIsMore: boolean;
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
 * Runs a page's query and its count (up to COUNT_CAP + 1 rows) together. A page past the end (a
 * bookmark from when the list was longer, or the last row just deleted) shows the last page
 * instead of an empty table; only then is the whole list counted, to know where its end is.
 */
export async function fetchPage<T>(query: Pick<PageQuery<string>, "page" | "perPage">, find: (skip: number, take: number) => Promise<T[]>, count: (atMost?: number) => Promise<number>): Promise<Paged<T>> {
  const { perPage } = query;
  const [items, counted] = await Promise.all([find((query.page - 1) * perPage, perPage), count(COUNT_CAP + 1)]);
  const rowsBefore = (query.page - 1) * perPage;
  if (items.length > 0 || query.page === 1) {
    // A page with fewer rows than it holds is the last one: the total is what came before and on it.
    if (items.length > 0 && items.length < perPage) return { items, total: rowsBefore + items.length, totalIsMore: false, page: query.page, perPage };
    return { items, total: counted, totalIsMore: counted > COUNT_CAP, page: query.page, perPage };
  }
  const total = await count();
  const lastPage = Math.max(1, Math.ceil(total / perPage));
  return { items: await find((lastPage - 1) * perPage, perPage), total, totalIsMore: false, page: lastPage, perPage };
}

/** How many rows a list holds, in words: "1 event", "250 events", "more than 1,000 events". */
export function countOf(page: Pick<Paged<unknown>, "total" | "totalIsMore">, one: string, many: string): string {
  if (page.totalIsMore) return `more than ${COUNT_CAP.toLocaleString("en")} ${many}`;
  return `${page.total.toLocaleString("en")} ${page.total === 1 ? one : many}`;
}
