import { beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/tests/test-database";
import { listDrApplications } from "./list-dr-applications";

// On-call's overview reads each DR application's last successful drill and its run in progress
// straight from the runs, however long the history.

let t: TestDatabase;
const everything = { sort: "name", dir: "asc", page: 1, perPage: 20 } as const;

beforeAll(async () => {
  t = await createTestDatabase();
  const [west, east] = await Promise.all(["europe-west", "europe-east"].map((name) => t.db.region.create({ data: { name, displayName: name, apiUrl: "https://unused.invalid", openstackProject: name } })));
  const oncall = await t.db.user.create({ data: { email: "oncall@overview.example", name: "oncall", role: "ONCALL" } });
  for (const [name, activeRegion] of [["ledger", east!], ["quiet", west!]] as const) {
    await t.db.application.create({
      data: {
        name, profile: "DR", description: name, ownerGroup: "team", costCenter: "CC-1", quotaSize: "SMALL", status: "READY", ownerId: oncall.id, activeRegionId: activeRegion.id,
        namespaces: { create: [{ name: `${name}-prod`, role: "PROD", status: "CREATED", regionId: west!.id }, { name: `${name}-dr`, role: "DR", status: "CREATED", regionId: east!.id }] },
      },
    });
  }
  const ledger = await t.db.application.findUniqueOrThrow({ where: { name: "ledger" } });
  const run = (kind: "DRILL" | "FAILOVER", status: "SUCCEEDED" | "WAITING" | "RUNNING", daysAgo: number, extra = {}) =>
    t.db.failoverRun.create({ data: { kind, status, reason: `${kind} ${daysAgo}`, applicationId: ledger.id, fromRegionId: west!.id, toRegionId: east!.id, startedById: oncall.id, createdAt: new Date(Date.now() - daysAgo * 86_400_000), rtoSeconds: daysAgo, ...extra } });
  for (let day = 30; day >= 3; day--) await run("DRILL", "SUCCEEDED", day);
  await run("DRILL", "WAITING", 2);
  await run("FAILOVER", "SUCCEEDED", 1);
  await run("FAILOVER", "RUNNING", 0, { activeApplicationId: ledger.id });
});

describe("the DR applications overview", () => {
  it("shows the newest successful drill (not a newer failed one or a failover) and the run in progress", async () => {
    const [ledger, quiet] = (await listDrApplications(t.db, everything)).items;
    expect(ledger).toMatchObject({ name: "ledger", regions: { active: { name: "europe-east" }, standby: { name: "europe-west" }, nextMove: "FAILBACK" } });
    expect(ledger!.lastDrill).toMatchObject({ kind: "DRILL", status: "SUCCEEDED", rtoSeconds: 3 });
    expect(ledger!.activeRun).toMatchObject({ kind: "FAILOVER", status: "RUNNING" });
    expect(quiet).toMatchObject({ name: "quiet", lastDrill: null, activeRun: null, regions: { active: { name: "europe-west" } } });
    expect(ledger!.namespaces).toEqual({ created: 2, total: 2, pairing: null });
  });

  it("pages, searches and sorts by the region serving now", async () => {
    expect((await listDrApplications(t.db, { ...everything, sort: "region" })).items.map((a) => a.name)).toEqual(["ledger", "quiet"]);
    expect((await listDrApplications(t.db, { ...everything, sort: "region", dir: "desc" })).items.map((a) => a.name)).toEqual(["quiet", "ledger"]);
    expect(await listDrApplications(t.db, { ...everything, q: "QUI" })).toMatchObject({ total: 1, items: [{ name: "quiet" }] });
    expect(await listDrApplications(t.db, { ...everything, perPage: 1, page: 2 })).toMatchObject({ total: 2, page: 2, items: [{ name: "quiet" }] });
  });
});
