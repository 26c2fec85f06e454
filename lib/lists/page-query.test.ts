import { describe, expect, it } from "vitest";
import { COUNT_CAP, countOf, fetchPage, type PageRead } from "./page-query";
import { sortKey } from "./seek";

// A list of `size` rows as a database would page by number and count it, remembering how it was
// asked (its order cannot be sought: pages by cursor are pinned against PostgreSQL in seek.test.ts).
const byNumber = [sortKey("n", "asc", "enum")];
function list(size: number) {
  const rows = Array.from({ length: size }, (_, i) => i);
  const counts: Array<number | undefined> = [];
  return {
    counts,
    find: async ({ skip, take }: PageRead) => rows.slice(skip, skip + take),
    count: async (atMost?: number) => {
      counts.push(atMost);
      return atMost === undefined ? size : Math.min(size, atMost);
    },
  };
}

describe("a page of a long list", () => {
  it("counts a short list exactly", async () => {
    const rows = list(45);
    const page = await fetchPage({ page: 1, perPage: 20 }, byNumber, rows.find, rows.count);
    expect(page).toMatchObject({ total: 45, totalIsMore: false, page: 1 });
    expect(page.items).toHaveLength(20);
    expect(countOf(page, "run", "runs")).toBe("45 runs");
  });

  it("stops counting past the cap and says there are more, on every page but the last", async () => {
    const rows = list(100_000);
    const first = await fetchPage({ page: 1, perPage: 20 }, byNumber, rows.find, rows.count);
    expect(first).toMatchObject({ total: COUNT_CAP + 1, totalIsMore: true, page: 1 });
    expect(first.items).toHaveLength(20);
    expect(rows.counts).toEqual([COUNT_CAP + 1]);
    expect(countOf(first, "run", "runs")).toBe("more than 1,000 runs");
  });

  it("knows the exact total on a short last page, however deep", async () => {
    const rows = list(5_005);
    expect(await fetchPage({ page: 251, perPage: 20 }, byNumber, rows.find, rows.count)).toMatchObject({ total: 5_005, totalIsMore: false, page: 251 });
  });

  it("shows the last page for a page past the end, counting the whole list only then", async () => {
    const rows = list(2_030);
    const past = await fetchPage({ page: 500, perPage: 20 }, byNumber, rows.find, rows.count);
    expect(past).toMatchObject({ total: 2_030, totalIsMore: false, page: 102 });
    expect(past.items).toEqual([2_020, 2_021, 2_022, 2_023, 2_024, 2_025, 2_026, 2_027, 2_028, 2_029]);
    expect(rows.counts).toEqual([COUNT_CAP + 1, undefined]);
  });

  it("says an empty list is empty", async () => {
    const rows = list(0);
    const page = await fetchPage({ page: 1, perPage: 20 }, byNumber, rows.find, rows.count);
    expect(page).toMatchObject({ items: [], total: 0, totalIsMore: false, page: 1 });
    expect(countOf(page, "event", "events")).toBe("0 events");
    expect(countOf({ total: 1, totalIsMore: false }, "event", "events")).toBe("1 event");
  });
});
