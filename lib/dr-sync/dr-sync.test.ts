import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXPORTED_KINDS } from "@/lib/failover/namespace-export";
import { startRunSupervisor, type RunSupervisor } from "@/lib/failover/run-supervisor";
import { startRun } from "@/lib/failover/start-run";
import type { KubeObject } from "@/lib/platform/region-cluster";
import { regionClients } from "@/lib/regions/region-clients";
import { prepareActionsAgainstSimulator } from "@/tests/act-as";
import { createPeople, provisionedDrApplication, runWhenSettled, TEST_RUN_SETTINGS } from "@/tests/runs";
import { startTestSimulator } from "@/tests/simulator";
import { queryDatabase, type TestDatabase } from "@/tests/test-database";
import { deploymentsOf, deployWorkloads, kubeClientsOf } from "@/tests/workloads";
import { driftOf } from "./dr-namespaces";
import { requestDrSync } from "./request-dr-sync";
import { runDrSync } from "./run-dr-sync";
import { scheduleDueDrSyncs } from "./schedule-dr-syncs";

// DR sync against the simulator: the passive namespace mirrors the active one at 0 replicas with
// no volume bound, the drift view says what differs, and a failover afterwards finds everything
// in place and recreates nothing.

const WEST = "europe-west";
const EAST = "europe-east";
const sim = await startTestSimulator({ seed: false });
let t: TestDatabase;
let people: Awaited<ReturnType<typeof createPeople>>;
let applicationId: string;
let supervisor: RunSupervisor | undefined;

beforeAll(async () => {
  t = await prepareActionsAgainstSimulator(sim.dir);
  people = await createPeople(t.db, "sync.example");
  applicationId = (await provisionedDrApplication(t.db, regionClients(), people, "atlas")).id;
  await deployWorkloads(sim.dir, WEST, "atlas-prod", "atlas");
});
afterAll(() => supervisor?.stop());

const objectsIn = async (region: string, namespace: string) => {
  const { objects } = kubeClientsOf(sim.dir, region);
  const all: KubeObject[] = [];
  for (const { apiVersion, kind } of EXPORTED_KINDS) all.push(...((await objects.list(apiVersion, kind, namespace)).items as unknown as KubeObject[]));
  return all;
};
const versions = async (region: string, namespace: string) => Object.fromEntries((await objectsIn(region, namespace)).map((o) => [`${o.kind}/${o.metadata.name}`, o.metadata.resourceVersion]));
const uids = async (region: string, namespace: string) => Object.fromEntries((await objectsIn(region, namespace)).map((o) => [`${o.kind}/${o.metadata.name}`, o.metadata.uid]));
const syncNow = async (trigger: "PAGE" | "API" = "PAGE") => runDrSync(t.db, regionClients(), (await requestDrSync(t.db, applicationId, trigger, people.owner)).sync.id);

describe("DR sync", () => {
  it("before the first sync, the drift view lists every production object as added, and the route whose host names the region as not carried", async () => {
    const { drift, skipped, active, passive } = await driftOf(t.db, regionClients(), applicationId);
    expect({ active, passive }).toEqual({ active: { region: WEST, namespace: "atlas-prod" }, passive: { region: EAST, namespace: "atlas-dr" } });
    expect(drift.filter((d) => d.change !== "added")).toEqual([]);
    expect(drift.map((d) => `${d.kind}/${d.name}`)).toEqual(
      expect.arrayContaining(["Secret/db-credentials", "ConfigMap/settings", "PersistentVolumeClaim/db-data", "Deployment/web", "DeploymentConfig/worker", "Service/web"]),
    );
    expect(skipped).toEqual([{ kind: "Route", name: "atlas", reason: expect.stringContaining("belongs to europe-west") }]);
  });

  it("brings the passive namespace to match at 0 replicas with claims bound to nothing, without touching the active region or creating volumes", async () => {
    const activeBefore = await versions(WEST, "atlas-prod");
    const volumesBefore = sim.cloud.volumes.size;
    const sync = await syncNow();
    expect(sync).toMatchObject({ status: "SUCCEEDED", fromRegion: WEST, toRegion: EAST, error: null });
    expect((sync.changes as unknown[]).length).toBeGreaterThan(10);
    expect(await versions(WEST, "atlas-prod")).toEqual(activeBefore);
    expect(sim.cloud.volumes.size).toBe(volumesBefore);
    const deployments = await deploymentsOf(sim.dir, EAST, "atlas-dr");
    expect(Object.values(deployments).map((d) => d.replicas)).toEqual([0, 0, 0]);
    const { core } = kubeClientsOf(sim.dir, EAST);
    for (const claim of (await core.listNamespacedPersistentVolumeClaim({ namespace: "atlas-dr" })).items) expect(claim.status?.phase ?? "Pending").toBe("Pending");
    expect((await driftOf(t.db, regionClients(), applicationId)).drift).toEqual([]);
    expect(await t.db.auditEvent.count({ where: { applicationId, action: "application.dr_synced" } })).toBe(1);
  });

  it("shows a changed production Deployment, a new Secret and a deleted ConfigMap as drift, and a sync puts them right", async () => {
    const { apps, core } = kubeClientsOf(sim.dir, WEST);
    const web = await apps.readNamespacedDeployment({ name: "web", namespace: "atlas-prod" });
    web.spec!.template.spec!.containers[0]!.image = "registry.example.com/atlas/web:1.1";
    await apps.replaceNamespacedDeployment({ name: "web", namespace: "atlas-prod", body: web });
    await core.createNamespacedSecret({ namespace: "atlas-prod", body: { metadata: { name: "smtp" }, stringData: { password: "x" } } });
    await core.deleteNamespacedConfigMap({ name: "feature-flags", namespace: "atlas-prod" });

    const { drift } = await driftOf(t.db, regionClients(), applicationId);
    expect(drift).toEqual([
      { kind: "ConfigMap", name: "feature-flags", change: "removed" },
      { kind: "Deployment", name: "web", change: "changed" },
      { kind: "Secret", name: "smtp", change: "added" },
    ]);
    expect(await syncNow("API")).toMatchObject({ status: "SUCCEEDED", changes: drift });
    const passiveWeb = await kubeClientsOf(sim.dir, EAST).apps.readNamespacedDeployment({ name: "web", namespace: "atlas-dr" });
    expect({ image: passiveWeb.spec!.template.spec!.containers[0]!.image, replicas: passiveWeb.spec!.replicas }).toEqual({ image: "registry.example.com/atlas/web:1.1", replicas: 0 });
    expect((await driftOf(t.db, regionClients(), applicationId)).drift).toEqual([]);
  });

  it("refuses, changing nothing, when workloads run in the namespace that should be passive", async () => {
    const { apps } = kubeClientsOf(sim.dir, EAST);
    await apps.patchNamespacedDeploymentScale({ name: "db", namespace: "atlas-dr", body: [{ op: "replace", path: "/spec/replicas", value: 1 }] });
    const before = await versions(EAST, "atlas-dr");
    const sync = await syncNow();
    expect(sync).toMatchObject({ status: "FAILED", error: expect.stringMatching(/^Not synced: workloads run in atlas-dr in europe-east.*Deployment db \(1\).*Is europe-east serving\?/) });
    expect(await versions(EAST, "atlas-dr")).toEqual(before);
    await apps.patchNamespacedDeploymentScale({ name: "db", namespace: "atlas-dr", body: [{ op: "replace", path: "/spec/replicas", value: 0 }] });
  });

  it("asks at once from the page, the API and the schedule make one sync", async () => {
    await t.db.application.update({ where: { id: applicationId }, data: { syncIntervalMinutes: 60 } });
    const [a, b] = await Promise.all([requestDrSync(t.db, applicationId, "PAGE", people.owner), requestDrSync(t.db, applicationId, "API", people.oncall)]);
    expect(a.sync.id).toBe(b.sync.id);
    expect([a.alreadyPending, b.alreadyPending].sort()).toEqual([false, true]);
    expect(await scheduleDueDrSyncs(t.db)).toEqual([]);
    await runDrSync(t.db, regionClients(), a.sync.id);
    // Not due again until the interval has passed since the last one.
    expect(await scheduleDueDrSyncs(t.db)).toEqual([]);
    expect(await scheduleDueDrSyncs(t.db, new Date(Date.now() + 61 * 60_000))).toEqual(["atlas"]);
    const queued = await t.db.drSync.findFirstOrThrow({ where: { applicationId, status: "QUEUED" } });
    expect(queued.trigger).toBe("SCHEDULE");
    await runDrSync(t.db, regionClients(), queued.id);
  });

  it("a sync whose job is gone (its replica died, retries ran out) does not block the next one", async () => {
    const lost = await requestDrSync(t.db, applicationId, "PAGE", people.owner);
    await t.db.drSync.update({ where: { id: lost.sync.id }, data: { status: "RUNNING", startedAt: new Date() } });
    // Still alive in pg-boss: asking again gets the same sync.
    expect(await requestDrSync(t.db, applicationId, "API", people.oncall)).toMatchObject({ alreadyPending: true, sync: { id: lost.sync.id } });
    await queryDatabase(t.url, `UPDATE pgboss.job SET state = 'failed' WHERE name = 'dr-sync' AND data->>'syncId' = '${lost.sync.id}'`);
    const fresh = await requestDrSync(t.db, applicationId, "API", people.oncall);
    expect(fresh.alreadyPending).toBe(false);
    expect(fresh.sync.id).not.toBe(lost.sync.id);
    expect(await t.db.drSync.findUniqueOrThrow({ where: { id: lost.sync.id } })).toMatchObject({ status: "FAILED", error: expect.stringMatching(/^Stopped without finishing/) });
    await runDrSync(t.db, regionClients(), fresh.sync.id);
    expect(await t.db.drSync.findUniqueOrThrow({ where: { id: fresh.sync.id } })).toMatchObject({ status: "SUCCEEDED" });
  });

  it("a failover after a sync finds everything in place: nothing in the passive namespace is recreated", async () => {
    const synced = await uids(EAST, "atlas-dr");
    supervisor = startRunSupervisor(t.db, regionClients(), TEST_RUN_SETTINGS);
    const { runId } = await startRun(t.db, { applicationName: "atlas", kind: "FAILOVER", mode: "NORMAL", reason: "failover after a DR sync", confirmation: "atlas", freeCapacity: false }, people.oncall);
    expect((await runWhenSettled(t.db, runId, 60_000)).status).toBe("SUCCEEDED");
    const after = await uids(EAST, "atlas-dr");
    for (const [key, uid] of Object.entries(synced)) expect(after[key], key).toBe(uid);
    expect(Object.values(await deploymentsOf(sim.dir, EAST, "atlas-dr")).every((d) => d.ready === d.replicas && d.replicas > 0)).toBe(true);
    // Now europe-east serves: the passive side is europe-west, and sync runs that way round.
    expect((await driftOf(t.db, regionClients(), applicationId)).passive).toEqual({ region: WEST, namespace: "atlas-prod" });
  });

  it("refuses while a run of the application is in progress", async () => {
    const { runId } = await startRun(t.db, { applicationName: "atlas", kind: "DRILL", mode: "NORMAL", reason: "drill during a sync", confirmation: "atlas", freeCapacity: false }, people.oncall);
    await supervisor!.stop();
    supervisor = undefined;
    const sync = await syncNow();
    expect(sync).toMatchObject({ status: "FAILED", error: expect.stringContaining(`/runs/${runId}`) });
  });
});
