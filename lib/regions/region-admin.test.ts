import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { UserFacingError } from "@/lib/errors";
import { startTestSimulator } from "@/tests/simulator";
import { createTestDatabase, type TestDatabase } from "@/tests/test-database";
import { checkRegionHealth } from "./check-region-health";
import { listEnabledRegions } from "./list-regions";
import { createRegionClients } from "./region-clients";
import { loadRegionConfig } from "./region-config";
import { regionHistories } from "./region-history";
import { setRegionEnabled } from "./set-region-enabled";
import { syncRegions } from "./sync-regions";

// The platform team's Regions page: health over the last day from every check, and a region taken
// out of new orders with a reason, which start-up does not undo.

const sim = await startTestSimulator({ seed: false });
const configs = loadRegionConfig({ CONTINUUM_KUBECONFIG: path.join(sim.dir, "kubeconfig"), CONTINUUM_CLOUDS_YAML: path.join(sim.dir, "clouds.yaml") });
const clients = createRegionClients(configs, { attempts: 1, baseDelayMs: 10, timeoutMs: 1000 });
let t: TestDatabase;
let approver: { id: string; email: string };

beforeAll(async () => {
  t = await createTestDatabase();
  await syncRegions(t.db, configs);
  approver = await t.db.user.create({ data: { email: "approver@regions.example", name: "Approver", role: "APPROVER" } });
});

describe("the Regions page's data", () => {
  it("keeps every health check as a sample and draws the last day in half hours: up, down, or not checked", async () => {
    await checkRegionHealth(t.db, clients);
    await sim.admin("PUT", "/regions/europe-east/faults", { down: true });
    await checkRegionHealth(t.db, clients);
    await sim.admin("DELETE", "/faults");
    // An old sample, past the day the page draws.
    const east = await t.db.region.findUniqueOrThrow({ where: { name: "europe-east" } });
    await t.db.regionHealthSample.create({ data: { regionId: east.id, at: new Date(Date.now() - 30 * 3600 * 1000), clusterUp: false, storageUp: false } });

    const [eastHistory, westHistory] = await regionHistories(t.db);
    expect(eastHistory).toMatchObject({ name: "europe-east", checks: 2, availability: 0.5, enabled: true });
    expect(eastHistory!.buckets).toHaveLength(48);
    expect(eastHistory!.buckets.at(-1)).toBe("degraded");
    expect(eastHistory!.buckets.slice(0, -1).every((b) => b === "none")).toBe(true);
    expect(westHistory).toMatchObject({ name: "europe-west", checks: 2, availability: 1 });
    expect(westHistory!.buckets.at(-1)).toBe("up");
    expect(westHistory!.medianLatencyMs).toEqual(expect.any(Number));
  });

  it("takes a region out of new orders with a reason, keeps it out across a start-up, and puts it back", async () => {
    await expect(setRegionEnabled(t.db, { region: "europe-east", enabled: true, reason: "it was never off, really" }, approver)).rejects.toThrow("europe-east is already offered to new orders.");
    await setRegionEnabled(t.db, { region: "europe-east", enabled: false, reason: "storage maintenance until Friday, CHG-231" }, approver);
    expect((await listEnabledRegions(t.db)).map((r) => r.name)).toEqual(["europe-west"]);
    // Start-up syncs the configuration again: a person's choice stands.
    await syncRegions(t.db, configs);
    expect((await listEnabledRegions(t.db)).map((r) => r.name)).toEqual(["europe-west"]);
    expect((await regionHistories(t.db))[0]).toMatchObject({ name: "europe-east", enabled: false, disabledReason: "storage maintenance until Friday, CHG-231" });
    // Still watched while off: something may still serve from it.
    const before = await t.db.regionHealthSample.count({ where: { region: { name: "europe-east" } } });
    await checkRegionHealth(t.db, clients);
    expect(await t.db.regionHealthSample.count({ where: { region: { name: "europe-east" } } })).toBe(before + 1);

    await setRegionEnabled(t.db, { region: "europe-east", enabled: true, reason: "maintenance done, CHG-231 closed" }, approver);
    expect((await listEnabledRegions(t.db)).map((r) => r.name)).toEqual(["europe-east", "europe-west"]);
    const audit = await t.db.auditEvent.findMany({ where: { action: { in: ["region.disabled", "region.enabled"] }, actorId: approver.id }, orderBy: { at: "asc" } });
    expect(audit.map((e) => [e.action, (e.after as { reason: string }).reason])).toEqual([
      ["region.disabled", "storage maintenance until Friday, CHG-231"],
      ["region.enabled", "maintenance done, CHG-231 closed"],
    ]);
  });

  it("will not offer again a region the configuration dropped: that needs the configuration", async () => {
    await syncRegions(t.db, configs.filter((c) => c.name === "europe-west"));
    const refused = await setRegionEnabled(t.db, { region: "europe-east", enabled: true, reason: "bring it back please" }, approver).catch((error) => error);
    expect(refused).toBeInstanceOf(UserFacingError);
    expect(refused.message).toMatch(/no longer lists it/);
    await syncRegions(t.db, configs);
    expect((await listEnabledRegions(t.db)).map((r) => r.name)).toEqual(["europe-east", "europe-west"]);
  });
});
