import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/tests/test-database";
import { claimRun } from "./run-lease";

// A lease is only as good as the replica's own clock says: when its renewal cannot get through
// (the database restarting, a connection that never answers), the replica must give the run up
// by the time its claim may have run out, not wait on that renewal for good.

let t: TestDatabase;
let runId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  const [west, east] = await Promise.all(
    ["europe-west", "europe-east"].map((name) => t.db.region.create({ data: { name, displayName: name, apiUrl: `https://api.${name}.example:6443`, openstackProject: "continuum" } })),
  );
  const oncall = await t.db.user.create({ data: { email: "oncall@lease.example", name: "Oncall", role: "ONCALL" } });
  const application = await t.db.application.create({ data: { name: "ledger", profile: "DR", description: "lease test", ownerGroup: "team", costCenter: "CC-1", quotaSize: "SMALL", status: "READY", ownerId: oncall.id, activeRegionId: west!.id } });
  runId = (await t.db.failoverRun.create({ data: { kind: "FAILOVER", reason: "lease test", applicationId: application.id, fromRegionId: west!.id, toRegionId: east!.id, startedById: oncall.id } })).id;
});

describe("a run's lease", () => {
  it("is lost once its time is up while a renewal hangs, and the run's calls are told to stop", async () => {
    const leaseMs = 900;
    const lease = (await claimRun(t.db, runId, "replica-a", leaseMs))!;
    expect(lease).not.toBeNull();
    // Another session holds the run's row: every renewal (an UPDATE of it) waits behind it.
    const blocker = new pg.Client({ connectionString: t.url });
    await blocker.connect();
    await blocker.query("BEGIN");
    await blocker.query(`SELECT 1 FROM "FailoverRun" WHERE id = $1 FOR UPDATE`, [runId]);
    const started = performance.now();
    try {
      await new Promise<void>((resolve) => lease.signal.addEventListener("abort", () => resolve(), { once: true }));
      const waited = performance.now() - started;
      expect(lease.lost()).toBe(true);
      // Lost no later than one heartbeat after the claim's time ran out.
      expect(waited).toBeLessThan(leaseMs + leaseMs / 3 + 250);
      await expect(lease.confirm()).rejects.toThrow(/no longer holds run/);
    } finally {
      lease.end();
      await blocker.query("ROLLBACK");
      await blocker.end();
    }
  });
});
