import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { usersAddressOf } from "@/lib/applications/users-address";
import { UserFacingError } from "@/lib/errors";
import { createRegionClients } from "@/lib/regions/region-clients";
import { loadRegionConfig } from "@/lib/regions/region-config";
import { syncRegions } from "@/lib/regions/sync-regions";
import { createPeople, provisionedDrApplication, runWhenSettled, TEST_RUN_SETTINGS } from "@/tests/runs";
import { NAMED, startTestBind, trafficConfigOf } from "@/tests/bind";
import { startTestSimulator } from "@/tests/simulator";
import { createTestDatabase, type TestDatabase } from "@/tests/test-database";
import { deploymentConfigsOf, deploymentsOf, deployWorkloads, kubeClientsOf, WORKLOADS } from "@/tests/workloads";
import { abortRun } from "./abort-run";
import { resumeRun } from "./resume-run";
import { startRunSupervisor, type RunSupervisor } from "./run-supervisor";
import { FAILOVER_STEPS, DRILL_STEPS } from "./step-registry";
import { startRun, type StartRunInput } from "./start-run";

const WEST = "europe-west";
const EAST = "europe-east";
const sim = await startTestSimulator({ seed: false });
const configs = loadRegionConfig({ CONTINUUM_KUBECONFIG: path.join(sim.dir, "kubeconfig"), CONTINUUM_CLOUDS_YAML: path.join(sim.dir, "clouds.yaml") });
// Users' DNS on a real BIND 9: each region's router, and the global name the switch step moves.
const ROUTERS = { [WEST]: { addresses: ["192.0.2.10"] }, [EAST]: { cname: "router.europe-east.example" } };
const bind = NAMED || process.env.CI ? await startTestBind() : null;
const clients = createRegionClients(configs, { attempts: 2, baseDelayMs: 20, timeoutMs: 3000 }, bind && trafficConfigOf(bind, ROUTERS));
let t: TestDatabase;
let oncall: { id: string; email: string };
let supervisor: RunSupervisor;
let volumeIds: Record<string, string>;
const DATA = { "db-data": { rows: [{ id: 1, title: "Dune" }, { id: 2, title: "Emma" }] }, uploads: { files: ["cover-1.png", "cover-2.png"] } };

type VolumeState = { id: string; status: string; region: string };
const simState = async () => (await sim.admin("GET", "/state")) as { volumes: VolumeState[]; transfers: unknown[] };
const volumeData = async (id: string) => ((await sim.admin("GET", `/volumes/${id}/data`)) as { data: unknown }).data;

beforeAll(async () => {
  t = await createTestDatabase();
  await syncRegions(t.db, configs);
  const people = await createPeople(t.db, "shop.example");
  oncall = people.oncall;
  await provisionedDrApplication(t.db, clients, people, "shop");
  volumeIds = await deployWorkloads(sim.dir, WEST, "shop-prod", "shop");
  for (const [claim, data] of Object.entries(DATA)) await sim.admin("PUT", `/volumes/${volumeIds[claim]}/data`, { data });
  supervisor = startRunSupervisor(t.db, clients, TEST_RUN_SETTINGS);
});
afterAll(async () => {
  supervisor?.stop();
  await bind?.stop();
});

/** What `dig` gets for the application's global name from the authoritative server: where its users go. */
async function expectUsersReach(region: typeof WEST | typeof EAST) {
  if (!bind) return;
  const name = `shop.${bind.zone}`;
  const router = ROUTERS[region];
  if ("cname" in router) expect(await bind.dig(name, "CNAME")).toEqual([`${router.cname}.`]);
  else expect(await bind.dig(name)).toEqual(router.addresses);
}

const start = (input: Partial<StartRunInput>) =>
  startRun(t.db, { applicationName: "shop", kind: "FAILOVER", mode: "NORMAL", reason: "europe-west storage is degraded", confirmation: "shop", freeCapacity: false, ...input }, oncall);

const activeRegion = async () => (await t.db.application.findUniqueOrThrow({ where: { name: "shop" }, include: { activeRegion: true } })).activeRegion?.name;

async function expectRunningIn(region: string, namespace: string) {
  const deployments = await deploymentsOf(sim.dir, region, namespace);
  for (const workload of WORKLOADS) expect(deployments[workload.name], `${region}/${namespace} ${workload.name}`).toEqual({ replicas: workload.replicas, ready: workload.replicas });
  expect(await deploymentConfigsOf(sim.dir, region, namespace)).toEqual({ worker: { replicas: 2, ready: 2 } });
  const state = await simState();
  for (const [claim, id] of Object.entries(volumeIds)) {
    expect(state.volumes.find((v) => v.id === id), claim).toMatchObject({ region, status: "in-use" });
    expect(await volumeData(id)).toEqual(DATA[claim as keyof typeof DATA]);
  }
  expect(state.transfers).toEqual([]);
}

describe("a failover against the simulator", () => {
  it("moves the workloads, their Secrets, ConfigMaps and both volumes to the DR region, data unchanged", async () => {
    // Provisioning gave shop its global name, on the primary region.
    await expectUsersReach(WEST);
    const { runId } = await start({});
    const run = await runWhenSettled(t.db, runId);
    expect(run.steps.map((s) => [s.name, s.status])).toEqual(FAILOVER_STEPS.map((name) => [name, name === "free-capacity" ? "SKIPPED" : "SUCCEEDED"]));
    expect(run).toMatchObject({ status: "SUCCEEDED", activeApplicationId: null, error: null });
    expect(run.rtoSeconds).toBeGreaterThan(0);
    expect(run.dataPointAt).toBeInstanceOf(Date);

    await expectRunningIn(EAST, "shop-dr");
    expect(await deploymentsOf(sim.dir, WEST, "shop-prod")).toEqual({ db: { replicas: 0, ready: 0 }, files: { replicas: 0, ready: 0 }, web: { replicas: 0, ready: 0 } });
    expect(await deploymentConfigsOf(sim.dir, WEST, "shop-prod")).toEqual({ worker: { replicas: 0, ready: 0 } });
    await expectUsersReach(EAST);
    // The RTO ends when users' DNS answers the target: the switch step is in it.
    expect(run.rtoSeconds! * 1000).toBeCloseTo(run.steps.at(-1)!.finishedAt!.getTime() - run.createdAt.getTime(), -2);
    console.log(`[measure] failover RTO with the DNS switch ${bind ? "against BIND 9" : "(no DNS)"}: ${run.rtoSeconds!.toFixed(2)} s; switch step ${((run.steps.at(-1)!.finishedAt!.getTime() - run.steps.at(-1)!.startedAt!.getTime()) / 1000).toFixed(2)} s`);
    if (bind) expect(await usersAddressOf(clients, "shop", [WEST, EAST])).toEqual({ globalName: `shop.${bind.zone}`, resolvesTo: "router.europe-east.example", regions: [EAST], ttlSeconds: 30, error: null });
    if (bind) expect(run.steps.at(-1)!.output).toMatchObject({ traffic: { globalName: `shop.${bind.zone}`, resolvesTo: "router.europe-east.example", regions: [EAST], ttlSeconds: 30, answeredAfterMs: expect.any(Number) } });
    const east = kubeClientsOf(sim.dir, EAST);
    const secret = await east.core.readNamespacedSecret({ namespace: "shop-dr", name: "db-credentials" });
    expect(Buffer.from(secret.data!.value!, "base64").toString()).toBe("shop-db-credentials-secret");
    expect((await east.core.readNamespacedConfigMap({ namespace: "shop-dr", name: "feature-flags" })).data).toEqual({ key: "shop-feature-flags" });
    expect(await activeRegion()).toBe(EAST);

    const transfers = await t.db.runTransfer.findMany({ where: { runId } });
    expect(transfers).toHaveLength(2);
    expect(transfers.every((row) => row.acceptedAt && row.sealedAuthKey === null)).toBe(true);
    const actions = (await t.db.auditEvent.findMany({ where: { targetId: runId }, orderBy: { at: "asc" } })).map((e) => e.action);
    expect(actions[0]).toBe("run.started");
    expect(actions.filter((a) => a === "run.step_succeeded")).toHaveLength(FAILOVER_STEPS.length - 1);
    expect(actions.at(-1)).toBe("run.succeeded");
  });

  it("refuses a second failover and fails back to the primary region", async () => {
    await expect(start({})).rejects.toThrow(/already runs in its DR region, europe-east/);
    const { runId } = await start({ kind: "FAILBACK", reason: "europe-west is healthy again" });
    expect((await runWhenSettled(t.db, runId)).status).toBe("SUCCEEDED");
    await expectRunningIn(WEST, "shop-prod");
    expect(await deploymentsOf(sim.dir, EAST, "shop-dr")).toMatchObject({ db: { replicas: 0 }, web: { replicas: 0 } });
    expect(await activeRegion()).toBe(WEST);
    await expectUsersReach(WEST);
  });

  it("starts exactly one run when five engineers press the button at once", async () => {
    const attempts = await Promise.allSettled([1, 2, 3, 4, 5].map(() => start({ kind: "DRILL", reason: "monthly DR drill, release 4.2" })));
    const started = attempts.filter((a) => a.status === "fulfilled");
    expect(started).toHaveLength(1);
    for (const refused of attempts.filter((a) => a.status === "rejected")) {
      expect((refused as PromiseRejectedResult).reason).toBeInstanceOf(UserFacingError);
      expect((refused as PromiseRejectedResult).reason.message).toMatch(/already has an active dr drill started by oncall@shop.example/);
    }
    expect((await runWhenSettled(t.db, (started[0] as PromiseFulfilledResult<{ runId: string }>).value.runId)).status).toBe("SUCCEEDED");
  });

  it("runs a drill that leaves production running and untouched and cleans up after itself", async () => {
    const before = await simState();
    const { runId } = await start({ kind: "DRILL", reason: "quarterly DR drill" });
    const run = await runWhenSettled(t.db, runId);
    expect(run.steps.map((s) => [s.name, s.status])).toEqual(DRILL_STEPS.map((name) => [name, "SUCCEEDED"]));
    expect(run.rtoSeconds).toBeGreaterThan(0);
    expect((run.steps.find((s) => s.name === "check-drill")!.output as { checks: string[] }).checks).toEqual(
      expect.arrayContaining(["db: 1/1 ready", "files: 1/1 ready", "web: 3/3 ready", "claim db-data: Bound", "claim uploads: Bound"]),
    );
    await expectRunningIn(WEST, "shop-prod");
    // A drill never touches users' DNS.
    await expectUsersReach(WEST);
    const after = await simState();
    expect(after.volumes.map((v) => v.id).sort()).toEqual(before.volumes.map((v) => v.id).sort());
    expect(sim.cloud.snapshots.size).toBe(0);
    const eastNamespaces = (await kubeClientsOf(sim.dir, EAST).core.listNamespace()).items.map((n) => n.metadata!.name!);
    expect(eastNamespaces.filter((n) => n.includes("drill"))).toEqual([]);
    expect(await activeRegion()).toBe(WEST);
  });

  it("deletes a transfer the target cannot accept, stops for a person, and finishes when resumed", async () => {
    await sim.admin("PUT", `/regions/${EAST}/faults`, { failTransferAccepts: 10 });
    const { runId } = await start({});
    const stopped = await runWhenSettled(t.db, runId);
    expect(stopped).toMatchObject({ status: "WAITING", currentStep: "move-volumes", activeApplicationId: expect.any(String) });
    expect(stopped.error).toMatch(/did not accept the transfer .* The transfer was deleted, so the volume is back in europe-west's project/);
    const state = await simState();
    expect(state.transfers).toEqual([]);
    for (const id of Object.values(volumeIds)) expect(state.volumes.find((v) => v.id === id)).toMatchObject({ region: WEST, status: "available" });
    expect(await t.db.runTransfer.count({ where: { runId, sealedAuthKey: { not: null } } })).toBe(0);

    await sim.admin("DELETE", "/faults");
    // A step this version does not know (a replica of another version planned the run) stops the run with a sentence, not a crash.
    const next = stopped.steps.find((s) => s.status === "PENDING")!;
    await t.db.runStep.update({ where: { id: next.id }, data: { name: "warm-caches" } });
    await resumeRun(t.db, runId, oncall);
    const unknown = await runWhenSettled(t.db, runId);
    expect(unknown).toMatchObject({ status: "WAITING", error: expect.stringMatching(/^This version of the portal has no step "warm-caches" for a failover run; .* Bring every replica to the same version, then retry, or abort the run\.$/) });
    await t.db.runStep.update({ where: { id: next.id }, data: { name: next.name } });
    await resumeRun(t.db, runId, oncall);
    expect((await runWhenSettled(t.db, runId)).status).toBe("SUCCEEDED");
    await expectRunningIn(EAST, "shop-dr");
  });

  it("aborts a stopped failback before any volume moved and starts the source again", async () => {
    await sim.admin("PUT", `/regions/${WEST}/faults`, { failTransferAccepts: 10 });
    const { runId } = await start({ kind: "FAILBACK", reason: "back home" });
    expect((await runWhenSettled(t.db, runId)).status).toBe("WAITING");
    await sim.admin("DELETE", "/faults");
    await abortRun(t.db, runId, oncall);
    const aborted = await runWhenSettled(t.db, runId);
    expect(aborted).toMatchObject({ status: "ABORTED", activeApplicationId: null });
    expect(aborted.steps.at(-1)).toMatchObject({ name: "rollback", status: "SUCCEEDED" });
    await expectRunningIn(EAST, "shop-dr");
    expect(await activeRegion()).toBe(EAST);
  });

  it("fails back in forced mode from the last export while the active region is down", async () => {
    await sim.admin("PUT", `/regions/${EAST}/faults`, { down: true });
    try {
      const { runId } = await start({ kind: "FAILBACK", mode: "FORCED", reason: "europe-east is down" });
      const run = await runWhenSettled(t.db, runId);
      expect(run.status, run.error ?? "").toBe("SUCCEEDED");
      expect(run.steps.find((s) => s.name === "stop-source")).toMatchObject({ status: "SKIPPED" });
      expect(JSON.stringify(run.steps.find((s) => s.name === "export-source")!.output)).toMatch(/forced: europe-east is unreachable/);
      expect(JSON.stringify(run.steps.find((s) => s.name === "map-volumes")!.output)).toMatch(/force-detached/);
      const deployments = await deploymentsOf(sim.dir, WEST, "shop-prod");
      for (const workload of WORKLOADS) expect(deployments[workload.name]).toEqual({ replicas: workload.replicas, ready: workload.replicas });
      for (const [claim, id] of Object.entries(volumeIds)) expect(await volumeData(id), claim).toEqual(DATA[claim as keyof typeof DATA]);
      expect(await activeRegion()).toBe(WEST);
      // The dead region is out of users' DNS.
      await expectUsersReach(WEST);
    } finally {
      await sim.admin("DELETE", "/faults");
    }
  });
});
