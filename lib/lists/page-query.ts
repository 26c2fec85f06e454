import { z } from "zod";
import { decodePosition, orderByOf, positionOf, seekable, seekWhere, type ListOrder, type SortDirection } from "./seek";

export type { SortDirection } from "./seek";

// How every long list in the portal is asked for: a search, a sort, a page. They come from the
// address bar (so a view can be bookmarked or pasted into a ticket) and anything malformed there
// falls back to the default instead of showing an error. The database does the work: a page of
// 5,000 applications costs one indexed query and a count, not 5,000 rows sent to the browser. The
// count stops at COUNT_CAP: "1,000+" tells a person as much as 100,000 does, and counting a
// hundred thousand runs on every page view cost more than drawing the page. The next and previous
// pages are found by a seek from the rows shown (lib/lists/seek.ts), so a page deep in the list
// costs what the first does; a page asked for by its number (a bookmark) is counted to.

export const PER_PAGE_OPTIONS = [10, 20, 50, 100] as const;
export const DEFAULT_PER_PAGE = 20;

export interface PageQuery<S extends string> {
  q?: string;
  sort: S;
  dir: SortDirection;
  page: number;
  perPage: number;
  /** The position of the last row of the page before: this page starts after it. */
  after?: string;
  /** The position of the first row of the page after: this page ends before it. */
  before?: string;
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
  /** Where the next and previous pages start, for lists whose order can be sought; null at an end. */
  cursors: { next: string | null; previous: string | null };
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
    after: z.string().max(1000).optional().catch(undefined),
    before: z.string().max(1000).optional().catch(undefined),
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

/** What a list gives fetchPage to read one page: the seek (an extra condition), the order, an offset and a size. */
export interface PageRead {
  seek: Record<string, unknown>;
  orderBy: Array<Record<string, unknown>>;
  skip: number;
  take: number;
}

/**
 * Reads a page and its count (up to COUNT_CAP + 1 rows) together. With a cursor from the page
 * before or after, the page is a seek from it in `order`; by number, an offset. A page past the
 * end (a bookmark from when the list was longer, or the last row just deleted) shows the last
 * page instead of an empty table; only then is the whole list counted, to know where its end is.
 */
export async function fetchPage<T>(query: Pick<PageQuery<string>, "page" | "perPage" | "after" | "before">, order: ListOrder, find: (read: PageRead) => Promise<T[]>, count: (atMost?: number) => Promise<number>): Promise<Paged<T>> {
  const { perPage } = query;
  const canSeek = seekable(order);
  const cursor = canSeek ? (query.after ?? query.before) : undefined;
  const position = cursor ? decodePosition(cursor, order) : null;
  const backwards = position !== null && query.after === undefined;
  const read = (page: number): PageRead => ({ seek: {}, orderBy: orderByOf(order), skip: (page - 1) * perPage, take: perPage });
  const [found, counted] = await Promise.all([
    position ? find({ seek: seekWhere(order, position, backwards), orderBy: orderByOf(order, backwards), skip: 0, take: perPage }) : find(read(query.page)),
    count(COUNT_CAP + 1),
  ]);
  let items = backwards ? found.reverse() : found;
  let page = query.page;
  // Back at the start (rows deleted meanwhile, or a cursor of the first page): the first page, full.
  if (backwards && (items.length < perPage || page <= 1)) [items, page] = [await find(read(1)), 1];
  const done = (total: number, totalIsMore: boolean): Paged<T> => {
    const more = items.length === perPage && page * perPage < (totalIsMore ? Infinity : total);
    return {
      items,
      total,
      totalIsMore,
      page,
      perPage,
      cursors: { next: canSeek && more ? positionOf(items.at(-1), order) : null, previous: canSeek && page > 1 && items.length ? positionOf(items[0], order) : null },
    };
  };
  if (items.length > 0 || page === 1) {
    // A page with fewer rows than it holds is the last one: the total is what came before and on it.
    if (items.length > 0 && items.length < perPage) return done((page - 1) * perPage + items.length, false);
    return done(counted, counted > COUNT_CAP);
  }
  const total = await count();
  const lastPage = Math.max(1, Math.ceil(total / perPage));
  [items, page] = [await find(read(lastPage)), lastPage];
  return done(total, false);
}

/** What a list counted only up to COUNT_CAP says of its size. */
export const MORE_THAN_CAP = `more than ${COUNT_CAP.toLocaleString("en")}`;

/** How many rows a list holds, in words: "1 event", "250 events", "more than 1,000 events". */
export function countOf(page: Pick<Paged<unknown>, "total" | "totalIsMore">, one: string, many: string): string {
  if (page.totalIsMore) return `${MORE_THAN_CAP} ${many}`;
  return `${page.total.toLocaleString("en")} ${page.total === 1 ? one : many}`;
}
