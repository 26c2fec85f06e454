import { beforeAll, describe, expect, it } from "vitest";
import { listRunsFor, type RunSort } from "@/lib/failover/get-run";
import { createTestDatabase, type TestDatabase } from "@/tests/test-database";
import type { SortDirection } from "./seek";

// Paging by cursor must show exactly what paging by number shows, row for row, forwards and
// backwards, whatever the sort: ties on the sorted column, empty values (a run still going has no
// RTO), a sort through a relation (the application's name). Pinned on the runs list, whose
// orders have all three, against PostgreSQL.

let t: TestDatabase;
const admin = { id: "admin", role: "ADMIN" as const };
const PER_PAGE = 7;

beforeAll(async () => {
  t = await createTestDatabase();
  const [west, east] = await Promise.all(
    ["europe-west", "europe-east"].map((name) => t.db.region.create({ data: { name, displayName: name, apiUrl: `https://api.${name}.example:6443`, openstackProject: "continuum" } })),
  );
  const oncall = await t.db.user.create({ data: { email: "oncall@seek.example", name: "Oncall", role: "ONCALL" } });
  const apps = await Promise.all(
    ["atlas", "books", "cargo", "delta"].map((name) =>
      t.db.application.create({ data: { name, profile: "DR", description: "seek test", ownerGroup: "team", costCenter: "CC-1", quotaSize: "SMALL", status: "READY", ownerId: oncall.id, activeRegionId: west!.id } }),
    ),
  );
  const start = Date.parse("2026-11-01T00:00:00Z");
  await t.db.failoverRun.createMany({
    data: Array.from({ length: 61 }, (_, i) => ({
      kind: "DRILL" as const,
      status: i % 6 === 0 ? ("WAITING" as const) : ("SUCCEEDED" as const),
      reason: `run ${i}`,
      applicationId: apps[(i * 7) % apps.length]!.id,
      fromRegionId: west!.id,
      toRegionId: east!.id,
      startedById: oncall.id,
      // Every third run shares its minute with the one before: ties on the time too.
      createdAt: new Date(start + Math.floor(i / 3) * 60_000 * 3 + (i % 3 === 2 ? -60_000 : 0) + (i % 3) * 60_000),
      rtoSeconds: i % 6 === 0 ? null : 30 + (i % 5),
    })),
  });
});

async function everyRun(sort: RunSort, dir: SortDirection) {
  const all = await listRunsFor(t.db, admin, {}, { sort, dir, page: 1, perPage: 100 });
  return all.items.map((r) => r.id);
}

describe("pages found by a seek from the rows shown", () => {
  for (const sort of ["started", "application", "rto"] as const) {
    for (const dir of ["asc", "desc"] as const) {
      it(`show every run once, in order, forwards and back (sorted by ${sort}, ${dir})`, async () => {
        const expected = await everyRun(sort, dir);
        expect(expected).toHaveLength(61);

        const forwards: string[][] = [];
        let query = { sort, dir, page: 1, perPage: PER_PAGE } as { sort: RunSort; dir: SortDirection; page: number; perPage: number; after?: string; before?: string };
        for (;;) {
          const page = await listRunsFor(t.db, admin, {}, query);
          forwards.push(page.items.map((r) => r.id));
          expect(page.page).toBe(query.page);
          if (!page.cursors.next) break;
          query = { sort, dir, page: page.page + 1, perPage: PER_PAGE, after: page.cursors.next };
        }
        expect(forwards.flat()).toEqual(expected);
        expect(forwards).toHaveLength(Math.ceil(61 / PER_PAGE));

        // From the last page back to the first, each page as it was going forwards.
        let back = await listRunsFor(t.db, admin, {}, query);
        for (let i = forwards.length - 2; i >= 0; i--) {
          back = await listRunsFor(t.db, admin, {}, { sort, dir, page: back.page - 1, perPage: PER_PAGE, before: back.cursors.previous! });
          expect(back.items.map((r) => r.id)).toEqual(forwards[i]);
          expect(back.page).toBe(i + 1);
        }
        expect(back.cursors.previous).toBeNull();
      });
    }
  }

  it("are paged by number when sorted by an enum, which a seek cannot follow", async () => {
    const page = await listRunsFor(t.db, admin, {}, { sort: "status", dir: "asc", page: 2, perPage: PER_PAGE });
    expect(page.cursors).toEqual({ next: null, previous: null });
    expect(page.items).toHaveLength(PER_PAGE);
  });

  it("take a cursor that is not theirs as no cursor: the page by its number", async () => {
    const byNumber = await listRunsFor(t.db, admin, {}, { sort: "started", dir: "desc", page: 2, perPage: PER_PAGE });
    for (const after of ["not-a-cursor", Buffer.from(JSON.stringify(["yesterday", 3])).toString("base64url"), Buffer.from("[1,2,3,4]").toString("base64url")]) {
      const page = await listRunsFor(t.db, admin, {}, { sort: "started", dir: "desc", page: 2, perPage: PER_PAGE, after });
      expect(page.items.map((r) => r.id)).toEqual(byNumber.items.map((r) => r.id));
    }
  });

  it("keep their place when rows are added in front meanwhile", async () => {
    const first = await listRunsFor(t.db, admin, {}, { sort: "started", dir: "desc", page: 1, perPage: PER_PAGE });
    const second = await listRunsFor(t.db, admin, {}, { sort: "started", dir: "desc", page: 2, perPage: PER_PAGE, after: first.cursors.next! });
    const newest = first.items[0]!;
    await t.db.failoverRun.create({ data: { kind: "DRILL", status: "SUCCEEDED", reason: "added meanwhile", applicationId: newest.applicationId, fromRegionId: newest.fromRegionId, toRegionId: newest.toRegionId, startedById: newest.startedById, createdAt: new Date() } });
    const again = await listRunsFor(t.db, admin, {}, { sort: "started", dir: "desc", page: 2, perPage: PER_PAGE, after: first.cursors.next! });
    expect(again.items.map((r) => r.id)).toEqual(second.items.map((r) => r.id));
  });
});
