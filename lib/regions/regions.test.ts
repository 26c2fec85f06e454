import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { startTestSimulator } from "@/tests/simulator";
import { createTestDatabase } from "@/tests/test-database";
import { createRegionClients, UnknownRegionError } from "./region-clients";
import { loadRegionConfig, RegionConfigError, regionsAreConfigured } from "./region-config";
import { seedDemo, seedDemoApplication } from "@/lib/demo/seed-demo";
import { recordPairingStates } from "@/lib/provisioning/record-pairing-states";
import { checkRegionHealth } from "./check-region-health";
import { syncRegions } from "./sync-regions";

const sim = await startTestSimulator();
const env = { CONTINUUM_KUBECONFIG: path.join(sim.dir, "kubeconfig"), CONTINUUM_CLOUDS_YAML: path.join(sim.dir, "clouds.yaml") };

describe("region configuration from a kubeconfig and a clouds.yaml", () => {
  it("finds every region of the simulator's written files and reaches its cluster and its OpenStack project", async () => {
    const configs = loadRegionConfig(env);
    expect(configs.map((c) => c.name)).toEqual(["europe-west", "europe-east"]);
    expect(configs[0]!.apiUrl).toBe(sim.regions[0]!.kubeUrl);

    const clients = createRegionClients(configs);
    for (const region of sim.regions) {
      expect(await clients.cluster(region.name).version()).toMatch(/^v1\./);
      expect(await clients.blockStorage(region.name).projectId()).toBe(region.projectId);
    }
    expect(() => clients.cluster("mars-north")).toThrow(UnknownRegionError);
  });

  it("takes a subset of the regions from CONTINUUM_REGIONS", () => {
    expect(loadRegionConfig({ ...env, CONTINUUM_REGIONS: " europe-east " }).map((c) => c.name)).toEqual(["europe-east"]);
  });

  it("says which file lacks a region, instead of failing later at the first call", async () => {
    expect(regionsAreConfigured({})).toBe(false);
    expect(() => loadRegionConfig({})).toThrow(/CONTINUUM_KUBECONFIG is not set/);
    expect(() => loadRegionConfig({ CONTINUUM_KUBECONFIG: env.CONTINUUM_KUBECONFIG })).toThrow(/CONTINUUM_CLOUDS_YAML is not set/);
    expect(() => loadRegionConfig({ ...env, CONTINUUM_REGIONS: "europe-north" })).toThrow(/region "europe-north" has no context of that name in .*kubeconfig/);
    expect(() => loadRegionConfig({ ...env, CONTINUUM_REGIONS: "Europe_West" })).toThrow(RegionConfigError);

    const onlyWest = path.join(sim.dir, "clouds-west.yaml");
    await writeFile(onlyWest, (await readFile(env.CONTINUUM_CLOUDS_YAML, "utf8")).replace(/^ {2}europe-east:/m, "  somewhere-else:"));
    expect(() => loadRegionConfig({ ...env, CONTINUUM_CLOUDS_YAML: onlyWest })).toThrow(/region "europe-east" has no cloud of that name in .*clouds-west.yaml/);
    expect(() => loadRegionConfig({ ...env, CONTINUUM_KUBECONFIG: "/nonexistent/kubeconfig" })).toThrow(/cannot read the kubeconfig \/nonexistent\/kubeconfig/);
  });
});

describe("syncRegions", () => {
  it("adds configured regions, disables ones no longer configured, keeps edited names, and audits each change", async () => {
    const { db } = await createTestDatabase();
    const configs = loadRegionConfig(env);
    expect(await syncRegions(db, configs)).toEqual(["added europe-west", "added europe-east"]);
    await db.region.update({ where: { name: "europe-west" }, data: { displayName: "Frankfurt" } });
    expect(await syncRegions(db, configs)).toEqual([]);

    expect(await syncRegions(db, configs.filter((c) => c.name === "europe-west"))).toEqual(["disabled europe-east (no longer configured)"]);
    const regions = await db.region.findMany({ orderBy: { name: "asc" } });
    expect(regions.map((r) => [r.name, r.displayName, r.enabled])).toEqual([
      ["europe-east", "Europe East", false],
      ["europe-west", "Frankfurt", true],
    ]);
    expect(await syncRegions(db, configs)).toEqual(["updated europe-east"]);
    expect((await db.auditEvent.findMany({ orderBy: { at: "asc" } })).map((e) => e.action)).toEqual(["region.added", "region.added", "region.disabled", "region.updated"]);
  });
});

describe("region health checks", () => {
  it("record each region's cluster and Cinder as up with their latency, and a region that is down as down with why", async () => {
    const { db } = await createTestDatabase();
    const configs = loadRegionConfig({ CONTINUUM_KUBECONFIG: path.join(sim.dir, "kubeconfig"), CONTINUUM_CLOUDS_YAML: path.join(sim.dir, "clouds.yaml") });
    await syncRegions(db, configs);
    const clients = createRegionClients(configs, { attempts: 1, baseDelayMs: 0, timeoutMs: 2000 });
    await sim.admin("PUT", "/regions/europe-east/faults", { down: true });
    try {
      await checkRegionHealth(db, clients);
    } finally {
      await sim.admin("DELETE", "/faults");
    }
    const regions = Object.fromEntries((await db.region.findMany()).map((r) => [r.name, r]));
    expect(regions["europe-west"]).toMatchObject({ clusterUp: true, storageUp: true, clusterLatencyMs: expect.any(Number), healthError: null, healthCheckedAt: expect.any(Date) });
    expect(regions["europe-east"]).toMatchObject({ clusterUp: false, clusterLatencyMs: null, storageUp: true, healthError: expect.stringMatching(/^cluster: /) });
  });

  it("record each ready application's pairing from one namespace list per region", async () => {
    const { db } = await createTestDatabase();
    const configs = loadRegionConfig({ CONTINUUM_KUBECONFIG: path.join(sim.dir, "kubeconfig"), CONTINUUM_CLOUDS_YAML: path.join(sim.dir, "clouds.yaml") });
    await syncRegions(db, configs);
    await seedDemo(db);
    await seedDemoApplication(db);
    const clients = createRegionClients(configs, { attempts: 1, baseDelayMs: 0, timeoutMs: 2000 });
    await recordPairingStates(db, clients);
    expect(await db.application.findUniqueOrThrow({ where: { name: "books" } })).toMatchObject({ pairingState: "paired", pairingCheckedAt: expect.any(Date) });
    await clients.cluster("europe-east").setNamespaceAnnotations("books-dr", { "openshift.io/sa.scc.mcs": "s0:c1,c2" });
    await recordPairingStates(db, clients);
    expect((await db.application.findUniqueOrThrow({ where: { name: "books" } })).pairingState).toBe("drift");
  });
});
