import { describe, expect, it, vi } from "vitest";
import { createTestDatabase } from "@/tests/test-database";
import { dashboardSummary, sharedDashboardSummary, SUMMARY_FRESH_MS } from "./dashboard-summary";

describe("the dashboard summary", () => {
  it("counts each region's applications by profile, its DR standbys and where its DR applications would go, and leads with what needs a person", async () => {
    const { db } = await createTestDatabase();
    const owner = await db.user.create({ data: { email: "o@test.example", name: "O", role: "ONCALL" } });
    const [west, east] = await Promise.all(["europe-west", "europe-east"].map((name) => db.region.create({ data: { name, displayName: name, apiUrl: `https://${name}`, openstackProject: name } })));
    const app = (name: string, profile: "DR" | "MULTI_SITE" | "SINGLE_SITE", activeRegionId: string | null, namespaces: Array<{ regionId: string; role: "PROD" | "DR" }>, extra: { pairingState?: string } = {}) =>
      db.application.create({
        data: { name, profile, description: "d", ownerGroup: "g", costCenter: "CC-1", quotaSize: "SMALL", ownerId: owner.id, status: "READY", activeRegionId, ...extra, namespaces: { create: namespaces.map((ns) => ({ ...ns, name: `${name}-${ns.role.toLowerCase()}`, status: "CREATED" })) } },
      });
    const pair = () => [{ regionId: west!.id, role: "PROD" as const }, { regionId: east!.id, role: "DR" as const }];
    const books = await app("books", "DR", east!.id, pair());
    const ledger = await app("ledger", "DR", west!.id, pair(), { pairingState: "drift" });
    const drilled = await app("drilled", "DR", west!.id, pair());
    await app("catalog", "MULTI_SITE", null, [{ regionId: west!.id, role: "PROD" }, { regionId: east!.id, role: "PROD" }]);
    await app("notes", "SINGLE_SITE", west!.id, [{ regionId: west!.id, role: "PROD" }]);
    const run = (applicationId: string, data: Record<string, unknown>) =>
      db.failoverRun.create({ data: { kind: "DRILL", status: "SUCCEEDED", reason: "r", applicationId, fromRegionId: west!.id, toRegionId: east!.id, startedById: owner.id, ...data } });
    await run(drilled.id, { createdAt: new Date(Date.now() - 86_400_000) });
    await run(ledger.id, { createdAt: new Date(Date.now() - 40 * 86_400_000) });
    const running = await run(books.id, { kind: "FAILBACK", status: "RUNNING", activeApplicationId: books.id, currentStep: "start-target", fromRegionId: east!.id, toRegionId: west!.id });
    const stopped = await run(ledger.id, { kind: "FAILOVER", status: "WAITING", activeApplicationId: ledger.id, currentStep: "move-volumes", error: "europe-east did not accept the transfer" });
    await db.regionFence.create({ data: { namespace: "books-prod", applicationId: books.id, regionId: west!.id, runId: running.id } });

    const summary = await dashboardSummary(db, { drillIntervalDays: 30 });
    const byName = Object.fromEntries(summary.regions.map((r) => [r.name, r]));
    expect(byName["europe-west"]).toMatchObject({ serving: { DR: 2, MULTI_SITE: 1, SINGLE_SITE: 1 }, standby: 1, drTo: { "europe-east": 2 } });
    expect(byName["europe-east"]).toMatchObject({ serving: { DR: 1, MULTI_SITE: 1, SINGLE_SITE: 0 }, standby: 2, drTo: { "europe-west": 1 } });
    expect(summary.applications).toMatchObject({ total: 5, byProfile: { DR: 3, MULTI_SITE: 1, SINGLE_SITE: 1 } });

    const { runs, fences, drillsOverdue, drift } = summary.attention;
    expect(runs).toMatchObject({ total: 2, stopped: 1 });
    expect(runs.items.map((r) => [r.id, r.status, r.step])).toEqual([
      [stopped.id, "WAITING", "Move the volumes"],
      [running.id, "RUNNING", expect.any(String)],
    ]);
    expect(fences).toMatchObject({ total: 1, items: [{ application: "books", region: "europe-west", namespace: "books-prod" }] });
    // Never drilled first, then the oldest; a drill of yesterday is within 30 days.
    expect(drillsOverdue).toMatchObject({ total: 2, days: 30, items: [{ application: "books", lastDrillAt: null }, { application: "ledger" }] });
    expect(drift).toMatchObject({ total: 1, items: [{ application: "ledger", state: "drift" }] });
  });

  it("reads the summary once for the dashboards open together, and again once it is older than its freshness", async () => {
    const { db } = await createTestDatabase();
    const options = { drillIntervalDays: 7 };
    const [first, second] = [sharedDashboardSummary(db, options), sharedDashboardSummary(db, options)];
    expect(second).toBe(first);
    const readAt = (await first).readAt;
    vi.useFakeTimers({ now: Date.now() + SUMMARY_FRESH_MS + 1, toFake: ["Date"] });
    try {
      const later = sharedDashboardSummary(db, options);
      expect(later).not.toBe(first);
      expect((await later).readAt > readAt).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
