import { beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/tests/test-database";
import { listRunsFor } from "./get-run";

// The runs list: owners see their applications' runs only, a search included.

let t: TestDatabase;
let owner: { id: string; role: "OWNER" };
let oncall: { id: string; role: "ONCALL" };
const everything = { sort: "started", dir: "desc", page: 1, perPage: 20 } as const;

beforeAll(async () => {
  t = await createTestDatabase();
  const [west, east] = await Promise.all(["europe-west", "europe-east"].map((name) => t.db.region.create({ data: { name, displayName: name, apiUrl: "https://unused.invalid", openstackProject: name } })));
  owner = { id: (await t.db.user.create({ data: { email: "owner@runs.example", name: "owner", role: "OWNER" } })).id, role: "OWNER" };
  const other = await t.db.user.create({ data: { email: "other@runs.example", name: "other", role: "OWNER" } });
  oncall = { id: (await t.db.user.create({ data: { email: "oncall@runs.example", name: "oncall", role: "ONCALL" } })).id, role: "ONCALL" };
  for (const [name, ownerId, kind] of [["ledger", owner.id, "FAILOVER"], ["ledger-archive", other.id, "DRILL"]] as const) {
    const application = await t.db.application.create({ data: { name, profile: "DR", description: name, ownerGroup: "team", costCenter: "CC-1", quotaSize: "SMALL", status: "READY", ownerId, activeRegionId: west!.id } });
    await t.db.failoverRun.create({ data: { kind, status: "SUCCEEDED", reason: name, applicationId: application.id, fromRegionId: west!.id, toRegionId: east!.id, startedById: oncall.id } });
  }
});

describe("the runs list", () => {
  it("shows an owner only their applications' runs, even when the search names another's", async () => {
    expect((await listRunsFor(t.db, owner, {}, everything)).items.map((r) => r.application.name)).toEqual(["ledger"]);
    expect((await listRunsFor(t.db, owner, {}, { ...everything, q: "ledger" })).items.map((r) => r.application.name)).toEqual(["ledger"]);
    expect((await listRunsFor(t.db, owner, {}, { ...everything, q: "archive" })).total).toBe(0);
  });

  it("shows on-call every run, searched by application and narrowed by kind", async () => {
    expect((await listRunsFor(t.db, oncall, {}, { ...everything, q: "LEDGER" })).total).toBe(2);
    expect((await listRunsFor(t.db, oncall, { kind: "DRILL" }, everything)).items.map((r) => r.application.name)).toEqual(["ledger-archive"]);
  });
});
