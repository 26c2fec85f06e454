import { z } from "zod";

// How a list page carries on from the one before it: the next page starts after the last row
// shown, the previous one ends before the first, found by a seek on the list's order (the
// "keyset") instead of counting past every earlier row. The thousandth page costs what the first
// does, and rows added meanwhile neither repeat nor go missing. A list's order is a few keys
// ending in a unique one; the position of a row is its values of those keys, in the address.

export type SortDirection = "asc" | "desc";

export interface SortKey {
  /** The field, through to-one relations: ["application", "name"]. */
  path: readonly string[];
  dir: SortDirection;
  /** An enum sorts in its declared order, which Prisma cannot compare: a list sorted by one is paged by number. */
  type: "string" | "number" | "date" | "enum";
  /** A column that may be empty sorts its empty values last, whichever way the rest goes. */
  nullable?: boolean;
  /** False for a key the database orders in a way a seek cannot follow (see `seekable`). */
  seek?: boolean;
}

/** A list's order: its sort's keys, ending in a unique one. */
export type ListOrder = readonly SortKey[];

/** Whether pages of this order can be found by a seek (no enum among its keys). */
export const seekable = (order: ListOrder) => order.every((k) => k.type !== "enum" && k.seek !== false);

/** A key by its dotted path: sortKey("application.name", "asc", "string"). */
export const sortKey = (path: string, dir: SortDirection, type: SortKey["type"], options: Pick<SortKey, "nullable" | "seek"> = {}): SortKey => ({ path: path.split("."), dir, type, ...options });

type Where = Record<string, unknown>;

/** A value at a path, nested as Prisma nests relations: ["application", "name"] → { application: { name: value } }. */
const nest = (path: readonly string[], value: unknown): Where => path.reduceRight<unknown>((inner, field) => ({ [field]: inner }), value) as Where;

const flip = (dir: SortDirection): SortDirection => (dir === "asc" ? "desc" : "asc");

/** Prisma's orderBy for the keys, reversed to read a page backwards from its end. */
export function orderByOf(keys: readonly SortKey[], reversed = false): Where[] {
  return keys.map((k) => {
    const dir = reversed ? flip(k.dir) : k.dir;
    return nest(k.path, k.nullable ? { sort: dir, nulls: reversed ? "first" : "last" } : dir);
  });
}

/** Rows strictly beyond `position` in the keys' order (before it, reversed). */
export function seekWhere(keys: readonly SortKey[], position: readonly unknown[], reversed = false): Where {
  const alternatives: Where[] = [];
  keys.forEach((k, i) => {
    const value = position[i];
    const dir = reversed ? flip(k.dir) : k.dir;
    // Empty values come last going forwards, first going backwards.
    const nullsAhead = k.nullable && !reversed;
    let beyond: Where | null;
    if (value === null) beyond = nullsAhead ? null : nest(k.path, { not: null });
    else {
      const past = nest(k.path, { [dir === "asc" ? "gt" : "lt"]: value });
      beyond = nullsAhead ? { OR: [past, nest(k.path, null)] } : past;
    }
    if (beyond) alternatives.push({ AND: [...keys.slice(0, i).map((earlier, j) => nest(earlier.path, position[j])), beyond] });
  });
  // The same rows bounded by the first key alone as well: an index range the planner can scan from,
  // where the alternatives alone made it read the whole table and sort it (page 2,500 of the runs).
  const [first] = keys;
  const start = position[0];
  if (first && !first.nullable && start !== null) {
    const dir = reversed ? flip(first.dir) : first.dir;
    return { AND: [nest(first.path, { [dir === "asc" ? "gte" : "lte"]: start }), { OR: alternatives }] };
  }
  return { OR: alternatives };
}

const valueAt = (row: unknown, path: readonly string[]) => path.reduce<unknown>((value, field) => (value as Record<string, unknown> | null | undefined)?.[field], row);

/** The cursor of a row: its values of the keys, for the address. */
export function positionOf(row: unknown, keys: readonly SortKey[]): string {
  const values = keys.map((k) => {
    const value = valueAt(row, k.path);
    return value instanceof Date ? value.toISOString() : (value ?? null);
  });
  return Buffer.from(JSON.stringify(values)).toString("base64url");
}

const VALUE = { string: z.string().max(300), number: z.number(), date: z.iso.datetime().transform((at) => new Date(at)), enum: z.never() } as const;

/** The values a cursor holds, checked against the keys; null for one this list did not give (a stale or edited address). */
export function decodePosition(cursor: string, keys: readonly SortKey[]): unknown[] | null {
  try {
    const raw: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (!Array.isArray(raw) || raw.length !== keys.length) return null;
    const values: unknown[] = [];
    for (const [i, k] of keys.entries()) {
      if (raw[i] === null && k.nullable) values.push(null);
      else {
        const parsed = VALUE[k.type].safeParse(raw[i]);
        if (!parsed.success) return null;
        values.push(parsed.data);
      }
    }
    return values;
  } catch {
    return null;
  }
}
