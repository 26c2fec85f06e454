import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJobWorkers, QUEUES } from "@/lib/jobs/job-queue";
import { UserFacingError } from "@/lib/errors";
import { createRegionClients } from "@/lib/regions/region-clients";
import { loadRegionConfig } from "@/lib/regions/region-config";
import { syncRegions } from "@/lib/regions/sync-regions";
import { NAMED, startTestBind, trafficConfigOf } from "@/tests/bind";
import { approveAnOrder, anOrder } from "@/tests/orders";
import { createPeople, TEST_RUN_SETTINGS } from "@/tests/runs";
import { eventually, startTestSimulator } from "@/tests/simulator";
import { createTestDatabase, type TestDatabase } from "@/tests/test-database";
import { deploymentsOf, kubeClientsOf } from "@/tests/workloads";
import { provisionApplication } from "@/lib/provisioning/provision-application";
import { loadBlockRange } from "@/lib/config/block-range";
import { getRegionFailover } from "./get-region-failover";
import { regionFailoverPlan } from "./region-failover-plan";
import { rescaleMultiSite } from "./rescale-multi-site";
import { startRebalance } from "./start-rebalance";
import { startRegionFailover } from "./start-region-failover";

// A whole region lost, every profile: multi-site applications lose its records and their other
// regions carry its replicas (within quota, the rest said with numbers), single-site ones are
// listed as down; when the region is back a guarded rebalance puts records and counts back. Real
// HTTP to the simulator, jobs through pg-boss, users' DNS on a real BIND 9 when it is installed.

const [WEST, EAST, NORTH] = ["europe-west", "europe-east", "europe-north"];
const sim = await startTestSimulator({ seed: false, regions: [WEST, EAST, NORTH] });
const configs = loadRegionConfig({ CONTINUUM_KUBECONFIG: path.join(sim.dir, "kubeconfig"), CONTINUUM_CLOUDS_YAML: path.join(sim.dir, "clouds.yaml") });
const ROUTERS = { [WEST]: { addresses: ["192.0.2.10"] }, [EAST]: { addresses: ["198.51.100.10"] }, [NORTH]: { addresses: ["203.0.113.10"] } };
const bind = NAMED || process.env.CI ? await startTestBind() : null;
const clients = createRegionClients(configs, { attempts: 2, baseDelayMs: 20, timeoutMs: 2000 }, bind && trafficConfigOf(bind, ROUTERS));
let t: TestDatabase;
let people: Awaited<ReturnType<typeof createPeople>>;
let stopJobs: () => Promise<void>;

async function multiSite(name: string, regions: string[], workloads: Record<string, number>) {
  const application = await approveAnOrder(t.db, anOrder({ profile: "MULTI_SITE", applicationName: name, regions, environments: ["prod"] }), people.owner, people.approver);
  expect((await provisionApplication(t.db, clients, application.id, loadBlockRange({}))).status).toBe("READY");
  for (const region of regions) {
    const { apps } = kubeClientsOf(sim.dir, region);
    for (const [workload, replicas] of Object.entries(workloads)) {
      const labels = { app: `${name}-${workload}` };
      await apps.createNamespacedDeployment({ namespace: `${name}-prod`, body: { metadata: { name: workload }, spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: workload, image: `registry.example.com/${workload}:1` }] } } } } });
    }
  }
}

const replicasIn = async (region: string, namespace: string) => Object.fromEntries(Object.entries(await deploymentsOf(sim.dir, region, namespace)).map(([name, d]) => [name, d.replicas]));
const rescaleOf = async (name: string) => t.db.multiSiteRescale.findFirstOrThrow({ where: { application: { name } }, orderBy: { createdAt: "desc" } });
const settled = (name: string, statuses: string[]) => eventually(async () => { const row = await rescaleOf(name); return statuses.includes(row.status) && row; }, 30_000);
const usersReach = async (name: string) => (bind ? (await bind.dig(`${name}.${bind.zone}`)).sort() : null);

beforeAll(async () => {
  t = await createTestDatabase();
  await syncRegions(t.db, configs);
  people = await createPeople(t.db, "fleet.example");
  await multiSite("cat", [WEST, EAST, NORTH], { web: 3, api: 2 });
  await multiSite("tight", [WEST, EAST], { web: 3 });
  // tight's namespace in europe-east has room for one more pod: 300m of 400m requested CPU used.
  await clients.cluster(EAST).applyResourceQuota("tight-prod", { name: "continuum-quota", hard: { "requests.cpu": "400m", pods: "20" } });
  const solo = await approveAnOrder(t.db, anOrder({ profile: "SINGLE_SITE", applicationName: "solo", regions: [WEST], environments: ["dev", "prod"] }), people.owner, people.approver);
  await provisionApplication(t.db, clients, solo.id, loadBlockRange({}));
  stopJobs = await startJobWorkers(t.url, { [QUEUES.multiSiteRescale]: (data, job) => rescaleMultiSite(t.db, clients, (data as { rescaleId: string }).rescaleId, TEST_RUN_SETTINGS, { finalAttempt: job.retryCount >= job.retryLimit }) }, { pollingIntervalSeconds: 0.5 });
}, 60_000);
afterAll(async () => {
  await stopJobs?.();
  await bind?.stop();
});

describe("a region failover of multi-site and single-site applications", () => {
  it("takes the lost region out of each multi-site application's name, carries its replicas in the others within quota, and lists single-site ones as down", async () => {
    expect(await usersReach("cat")).toEqual(bind && ["192.0.2.10", "198.51.100.10", "203.0.113.10"]);
    await sim.admin("PUT", `/regions/${WEST}/faults`, { down: true });

    // The guard says it all before the click: who is carried by whom, what will not fit, who is down, the targets' health.
    const plan = (await regionFailoverPlan(t.db, clients, WEST, 8))!;
    expect(plan.probe.cluster.ok).toBe(false);
    expect(plan.multiSite).toEqual([{ name: "cat", others: [EAST, NORTH] }, { name: "tight", others: [EAST] }]);
    expect(plan.down).toEqual([{ application: "solo", namespaces: ["solo-dev", "solo-prod"] }]);
    expect(plan.targets.map((target) => [target.name, target.probe.cluster.ok, target.probe.storage.ok])).toEqual([
      [EAST, true, true],
      [NORTH, true, true],
    ]);
    expect(plan.capacity).toEqual([
      { application: "cat", regions: [EAST, NORTH], fits: true, shortfalls: [] },
      { application: "tight", regions: [EAST], fits: false, shortfalls: [expect.stringMatching(/^Deployment web: 2 of the 3 replica\(s\) europe-west ran \(assumed\) fit in no other region/)] },
    ]);

    const started = await startRegionFailover(t.db, { region: WEST, mode: "FORCED", reason: "europe-west datacenter power loss", confirmation: WEST }, people.oncall);
    expect(started).toMatchObject({ started: 0, rescaled: 2, down: 1, skipped: [] });
    const view = (await getRegionFailover(t.db, started.regionFailoverId))!;
    expect(view.down).toEqual([{ application: "solo", namespaces: ["solo-dev", "solo-prod"] }]);

    const cat = await settled("cat", ["DONE"]);
    // europe-west could not be read: taken to have run what the others run. 3 web: 2 to europe-east, 1 to europe-north; 2 api: 1 each.
    expect(cat.plan).toMatchObject({ lost: [{ name: "api", replicas: 2, assumed: true }, { name: "web", replicas: 3, assumed: true }], survivors: [EAST, NORTH] });
    expect(await replicasIn(EAST, "cat-prod")).toEqual({ web: 5, api: 3 });
    expect(await replicasIn(NORTH, "cat-prod")).toEqual({ web: 4, api: 3 });
    expect(cat.shortfalls).toEqual([]);
    expect(await usersReach("cat")).toEqual(bind && ["198.51.100.10", "203.0.113.10"]);

    const tight = await settled("tight", ["PARTIAL"]);
    expect(await replicasIn(EAST, "tight-prod")).toEqual({ web: 4 });
    expect(tight.shortfalls).toEqual(["Deployment web: 2 of the 3 replica(s) europe-west ran (assumed) fit in no other region: europe-east/tight-prod quota continuum-quota: requests.cpu 400m of 400m used, each pod asks 100m."]);
    expect(await usersReach("tight")).toEqual(bind && ["198.51.100.10"]);

    const actions = (await t.db.auditEvent.findMany({ where: { action: "application.rescaled" } })).map((e) => (e.after as { lostRegion: string }).lostRegion);
    expect(actions).toEqual([WEST, WEST]);
  });

  it("refuses to carry the same loss twice", async () => {
    await expect(startRegionFailover(t.db, { region: WEST, mode: "FORCED", reason: "pressed again, to be sure", confirmation: WEST }, people.oncall)).rejects.toThrow(
      "Nothing left to fail over in europe-west: its multi-site applications are already carried by their other regions; rebalance when it is back.",
    );
    expect(await replicasIn(EAST, "cat-prod")).toEqual({ web: 5, api: 3 });
  });

  it("refuses to rebalance while the region is down, then puts its share, its records and the others' counts back once it answers", async () => {
    const rebalance = () => startRebalance(t.db, clients, { region: WEST, reason: "europe-west power restored, INC-4211", confirmation: WEST }, people.oncall);
    const refused = await rebalance().catch((error) => error);
    expect(refused).toBeInstanceOf(UserFacingError);
    expect(refused.message).toMatch(/^europe-west does not answer yet .*; rebalancing now would send users back to a dead region\./);

    await sim.admin("DELETE", "/faults");
    // Someone scaled cat's api in europe-north by hand meanwhile: the rebalance leaves theirs alone and says so.
    await clients.cluster(NORTH).scaleWorkload("cat-prod", "Deployment", "api", 6);
    expect(await rebalance()).toEqual({ applications: 2 });
    expect(await rebalance().catch((error) => error.message)).toBe("No multi-site application waits to be rebalanced into europe-west.");

    const cat = await settled("cat", ["REBALANCED"]);
    expect(await replicasIn(WEST, "cat-prod")).toEqual({ web: 3, api: 2 });
    expect(await deploymentsOf(sim.dir, WEST, "cat-prod")).toMatchObject({ web: { ready: 3 }, api: { ready: 2 } });
    expect(await replicasIn(EAST, "cat-prod")).toEqual({ web: 3, api: 2 });
    expect(await replicasIn(NORTH, "cat-prod")).toEqual({ web: 3, api: 6 });
    expect(cat.shortfalls).toEqual(["Deployment api in europe-north runs 6, not the 3 the failover set: left as it is."]);
    expect(await usersReach("cat")).toEqual(bind && ["192.0.2.10", "198.51.100.10", "203.0.113.10"]);

    await settled("tight", ["REBALANCED"]);
    expect(await replicasIn(EAST, "tight-prod")).toEqual({ web: 3 });
    expect(await usersReach("tight")).toEqual(bind && ["192.0.2.10", "198.51.100.10"]);
    expect(await t.db.auditEvent.count({ where: { action: "application.rebalanced" } })).toBe(2);
    expect(await t.db.auditEvent.count({ where: { action: "region.rebalance_started" } })).toBe(1);
  });
});
