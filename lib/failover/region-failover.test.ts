import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UserFacingError } from "@/lib/errors";
import { createRegionClients } from "@/lib/regions/region-clients";
import { loadRegionConfig } from "@/lib/regions/region-config";
import { syncRegions } from "@/lib/regions/sync-regions";
import { createPeople, provisionedDrApplication, TEST_RUN_SETTINGS } from "@/tests/runs";
import { eventually, setCinderQuota, startTestSimulator } from "@/tests/simulator";
import { createTestDatabase, type TestDatabase } from "@/tests/test-database";
import { deploySmallApplication, waitUntilReady } from "@/tests/workloads";
import { getRegionFailover } from "./get-region-failover";
import { regionFailoverPlan } from "./region-failover-plan";
import { startRunSupervisor } from "./run-supervisor";
import { startRegionFailover } from "./start-region-failover";

// "Fail over every DR application active in europe-west": 50 applications, each a Deployment on
// a Cinder volume, moved with the default concurrency bound of 8 runs per replica.

const APPLICATIONS = 50;
const WEST = "europe-west";
const EAST = "europe-east";
const sim = await startTestSimulator({ seed: false });
const configs = loadRegionConfig({ CONTINUUM_KUBECONFIG: path.join(sim.dir, "kubeconfig"), CONTINUUM_CLOUDS_YAML: path.join(sim.dir, "clouds.yaml") });
const clients = createRegionClients(configs, { attempts: 3, baseDelayMs: 50, timeoutMs: 5000 });
let t: TestDatabase;
let oncall: { id: string; email: string };
const names = Array.from({ length: APPLICATIONS }, (_, i) => `app${String(i).padStart(2, "0")}`);

beforeAll(async () => {
  t = await createTestDatabase();
  await syncRegions(t.db, configs);
  const people = await createPeople(t.db, "fleet.example");
  oncall = people.oncall;
  for (const name of names) {
    await provisionedDrApplication(t.db, clients, people, name, { environments: ["prod"] });
    await deploySmallApplication(sim.dir, WEST, name);
  }
  for (const name of names) await waitUntilReady(sim.dir, WEST, `${name}-prod`);
}, 180_000);

describe("region failover", () => {
  it("refuses without the region's name typed in full, and starts nothing", async () => {
    await expect(startRegionFailover(t.db, { region: WEST, mode: "NORMAL", reason: "europe-west is flooding", confirmation: "europe" }, oncall)).rejects.toBeInstanceOf(UserFacingError);
    expect(await t.db.failoverRun.count()).toBe(0);
  });

  it(`checks before the click that all ${APPLICATIONS} fit where they go, each in its namespace and all together in the target's Cinder project`, async () => {
    const started = performance.now();
    const plan = (await regionFailoverPlan(t.db, clients, WEST, TEST_RUN_SETTINGS.concurrency))!;
    console.log(`[measure] region failover guard with capacity for ${APPLICATIONS} applications: ${Math.round(performance.now() - started)} ms`);
    expect(plan.capacity.filter((c) => !c.fits)).toEqual([]);
    expect(plan.targets).toMatchObject([{ name: EAST, probe: { cluster: { ok: true } }, capacity: { region: EAST, volumes: APPLICATIONS, gigabytes: APPLICATIONS, fits: true } }]);

    // All of them together do not fit in a 30 GB project, though each would alone.
    await setCinderQuota(sim, EAST, { gigabytes: 30 });
    const short = (await regionFailoverPlan(t.db, clients, WEST, TEST_RUN_SETTINGS.concurrency))!;
    expect(short.targets[0]!.capacity).toMatchObject({ fits: false, shortfalls: [`europe-east's Cinder project: ${APPLICATIONS} GB to move in, 0 of its 30 GB in use (quota 'gigabytes')`] });
    await setCinderQuota(sim, EAST, { gigabytes: -1 });
  }, 60_000);

  it(`moves all ${APPLICATIONS} DR applications of a region with bounded concurrency, in one progress view`, async () => {
    const supervisor = startRunSupervisor(t.db, clients, { ...TEST_RUN_SETTINGS, waitTimeoutMs: 60_000 });
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, supervisor.active())), 20);
    afterAll(() => clearInterval(sampler));
    try {
      const started = performance.now();
      const { regionFailoverId, started: count, skipped } = await startRegionFailover(t.db, { region: WEST, mode: "NORMAL", reason: "europe-west datacenter power loss", confirmation: WEST }, oncall);
      expect({ count, skipped }).toEqual({ count: APPLICATIONS, skipped: [] });
      const view = await eventually(async () => {
        const v = await getRegionFailover(t.db, regionFailoverId);
        return v?.finishedAt ? v : null;
      }, 150_000);
      const seconds = (performance.now() - started) / 1000;
      console.log(`[measure] region failover of ${APPLICATIONS} applications: ${seconds.toFixed(1)} s with concurrency ${TEST_RUN_SETTINGS.concurrency} (peak ${peak}); median RTO ${[...view.runs.map((r) => r.rtoSeconds!)].sort((a, b) => a - b)[Math.floor(view.runs.length / 2)]!.toFixed(1)} s`);
      expect(view.counts).toEqual({ waiting: 0, running: 0, succeeded: APPLICATIONS, stopped: 0, aborted: 0 });
      expect(peak).toBeLessThanOrEqual(TEST_RUN_SETTINGS.concurrency);
      expect(peak).toBeGreaterThan(1);
      const state = (await sim.admin("GET", "/state")) as { volumes: Array<{ region: string; status: string }>; transfers: unknown[] };
      expect(state.transfers).toEqual([]);
      expect(state.volumes.filter((v) => v.region === EAST && v.status === "in-use")).toHaveLength(APPLICATIONS);
      expect(await t.db.application.count({ where: { activeRegion: { name: EAST } } })).toBe(APPLICATIONS);
    } finally {
      await supervisor.stop();
    }
  }, 180_000);
});
