import { beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/tests/test-database";
import { estimateRunTime, runTimeSamples } from "./run-time-estimate";

// The pre-flight estimate: measured from both directions, the fleet when the application has no
// runs yet, a guess (said so) only when nothing was measured at all.

const books = { application: "books", kind: "FAILOVER" as const, volumes: 2 };

describe("estimating a run's time", () => {
  it("takes the median of the application's own runs, with the fastest and slowest as its spread", () => {
    expect(estimateRunTime({ own: [3.8, 3.2, 4.4], fleet: [90] }, books)).toEqual({ seconds: 3.8, low: 3.2, high: 4.4, measured: 3, basis: "median of the last 3 failovers and failbacks of books" });
  });

  it("falls back on every application's runs, and says so, when this one has none", () => {
    const estimate = estimateRunTime({ own: [], fleet: [5, 7, 6] }, books);
    expect(estimate).toMatchObject({ seconds: 6, low: 5, high: 7, measured: 3 });
    expect(estimate.basis).toBe("median of the last 3 failovers and failbacks of any application (none of books yet)");
  });

  it("says so when it rests on a single run", () => {
    expect(estimateRunTime({ own: [3.3], fleet: [] }, books).basis).toBe("the one failover or failback of books measured so far");
  });

  it("guesses by volume count only with no measurement at all, and calls it a guess", () => {
    const estimate = estimateRunTime({ own: [], fleet: [] }, { ...books, kind: "DRILL" });
    expect(estimate).toMatchObject({ seconds: 60, low: 60, high: 60, measured: 0 });
    expect(estimate.basis).toMatch(/^a guess/);
  });
});

describe("the runs an estimate is measured from", () => {
  let t: TestDatabase;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestDatabase();
    const [west, east] = await Promise.all(["europe-west", "europe-east"].map((name) => t.db.region.create({ data: { name, displayName: name, apiUrl: "https://unused.invalid", openstackProject: name } })));
    const oncall = await t.db.user.create({ data: { email: "oncall@estimate.example", name: "oncall", role: "ONCALL" } });
    for (const name of ["books", "ledger", "fresh"]) {
      ids[name] = (await t.db.application.create({ data: { name, profile: "DR", description: name, ownerGroup: "team", costCenter: "CC-1", quotaSize: "SMALL", status: "READY", ownerId: oncall.id, activeRegionId: west!.id } })).id;
    }
    const run = (application: string, kind: "FAILOVER" | "FAILBACK" | "DRILL", status: "SUCCEEDED" | "ABORTED", rtoSeconds: number | null) =>
      t.db.failoverRun.create({ data: { kind, status, reason: "measured", applicationId: ids[application]!, fromRegionId: west!.id, toRegionId: east!.id, startedById: oncall.id, rtoSeconds } });
    // books has only failed back so far, and one aborted failover that measured nothing useful.
    await run("books", "FAILBACK", "SUCCEEDED", 3.6);
    await run("books", "FAILBACK", "SUCCEEDED", 4.1);
    await run("books", "FAILOVER", "ABORTED", 99);
    await run("books", "DRILL", "SUCCEEDED", 12);
    await run("ledger", "FAILOVER", "SUCCEEDED", 5.5);
  });

  it("counts a failback as a measurement of a failover, and leaves drills and unfinished runs out", async () => {
    const samples = await runTimeSamples(t.db, ids.books!, "FAILOVER");
    expect(samples.own.sort()).toEqual([3.6, 4.1]);
    expect(estimateRunTime(samples, books).seconds).toBe(4.1);
  });

  it("measures a drill by drills only", async () => {
    expect((await runTimeSamples(t.db, ids.books!, "DRILL")).own).toEqual([12]);
  });

  it("reads every application's moves for one that has none", async () => {
    const samples = await runTimeSamples(t.db, ids.fresh!, "FAILBACK");
    expect(samples.own).toEqual([]);
    expect(samples.fleet.sort()).toEqual([3.6, 4.1, 5.5]);
  });
});
