import { z } from "zod";

// How the API's lists are paged: `limit` rows at a time, and an opaque `cursor` from the previous
// answer's `nextCursor` that says where to carry on. The database seeks to the cursor through an
// index instead of counting past every earlier row, so the thousandth page costs what the first
// does, and rows added meanwhile neither repeat nor go missing.

export const MAX_LIMIT = 500;
export const DEFAULT_LIMIT = 100;

export const KeysetQuery = z.object({
  limit: z.coerce
    .number({ error: `limit must be a whole number from 1 to ${MAX_LIMIT}` })
    .int(`limit must be a whole number from 1 to ${MAX_LIMIT}`)
    .min(1, `limit must be a whole number from 1 to ${MAX_LIMIT}`)
    .max(MAX_LIMIT, `limit must be at most ${MAX_LIMIT}`)
    .default(DEFAULT_LIMIT)
    .describe(`How many to return at most (1–${MAX_LIMIT}, default ${DEFAULT_LIMIT})`),
  cursor: z.string().max(512).optional().describe("The nextCursor of the previous answer, to carry on after it"),
});
export type KeysetQuery = z.output<typeof KeysetQuery>;

export const encodeCursor = (position: Record<string, string>) => Buffer.from(JSON.stringify(position)).toString("base64url");

/** The position a cursor holds, checked against what this list's cursors carry; null when it is not one of them. */
export function decodeCursor<T extends z.ZodType>(cursor: string, shape: T): z.output<T> | null {
  try {
    const parsed = shape.safeParse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** A page of at most `limit` rows, asked for as `limit + 1` so the answer knows whether more follow. */
export function keysetPage<T>(rows: T[], limit: number, positionOf: (last: T) => Record<string, string>) {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? encodeCursor(positionOf(items.at(-1)!)) : null };
}
