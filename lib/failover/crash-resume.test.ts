import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { loadBlockRange } from "@/lib/provisioning/allocate-security-block";
import { provisionApplication } from "@/lib/provisioning/provision-application";
import { createRegionClients } from "@/lib/regions/region-clients";
import { loadRegionConfig } from "@/lib/regions/region-config";
import { syncRegions } from "@/lib/regions/sync-regions";
import { anOrder, approveAnOrder } from "@/tests/orders";
import { runWhenSettled } from "@/tests/runs";
import { eventually, startTestSimulator } from "@/tests/simulator";
import { createTestDatabase, type TestDatabase } from "@/tests/test-database";
import { deploymentsOf, deployWorkloads, kubeClientsOf, WORKLOADS } from "@/tests/workloads";
import { DRILL_STEPS, FAILOVER_STEPS, type StepName } from "./run-plan";
import { startRun } from "./start-run";

// The portal process killed (SIGKILL, no goodbye) while each step in turn is running, then a new
// one started: every run must end completed, with no volume awaiting transfer, nothing created
// twice, the data where it belongs.

const WEST = "europe-west";
const EAST = "europe-east";
const sim = await startTestSimulator({ seed: false });
const kubeconfig = path.join(sim.dir, "kubeconfig");
const cloudsYaml = path.join(sim.dir, "clouds.yaml");
const configs = loadRegionConfig({ CONTINUUM_KUBECONFIG: kubeconfig, CONTINUUM_CLOUDS_YAML: cloudsYaml });
let t: TestDatabase;
let oncall: { id: string; email: string };
let volumeIds: Record<string, string>;

beforeAll(async () => {
  t = await createTestDatabase();
  await syncRegions(t.db, configs);
  const owner = await t.db.user.create({ data: { email: "owner@crash.example", name: "Owner", role: "OWNER" } });
  const approver = await t.db.user.create({ data: { email: "approver@crash.example", name: "Approver", role: "APPROVER" } });
  oncall = await t.db.user.create({ data: { email: "oncall@crash.example", name: "On-call", role: "ONCALL" } });
  const application = await approveAnOrder(t.db, anOrder({ applicationName: "crashy", regions: [WEST, EAST] }), owner, approver);
  await provisionApplication(t.db, createRegionClients(configs), application.id, loadBlockRange({}));
  volumeIds = await deployWorkloads(sim.dir, WEST, "crashy-prod", "crashy");
  for (const id of Object.values(volumeIds)) await sim.admin("PUT", `/volumes/${id}/data`, { data: { owner: id } });
  // Every call takes a little while, so a kill lands inside a step rather than between two.
  for (const region of [WEST, EAST]) await sim.admin("PUT", `/regions/${region}/faults`, { latencyMs: 25 });
});

/** A portal replica's run execution as its own process, the way `npm run worker` runs it. */
function startWorker(): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/run-worker.ts"], {
    env: {
      ...process.env,
      DATABASE_URL: t.url,
      CONTINUUM_KUBECONFIG: kubeconfig,
      CONTINUUM_CLOUDS_YAML: cloudsYaml,
      CONTINUUM_RUN_LEASE_SECONDS: "1.5",
      CONTINUUM_RUN_POLL_MS: "100",
      CONTINUUM_RUN_RETRY_DELAY_MS: "100",
      LOG_LEVEL: "silent",
    },
    stdio: "ignore",
  });
  onTestFinished(() => void child.kill("SIGKILL"));
  return child;
}

const simState = async () => (await sim.admin("GET", "/state")) as { volumes: Array<{ id: string; status: string; region: string }>; transfers: unknown[] };

async function killDuring(runId: string, step: StepName) {
  const worker = startWorker();
  await eventually(async () => {
    const run = await t.db.failoverRun.findUniqueOrThrow({ where: { id: runId }, include: { steps: true } });
    const target = run.steps.find((s) => s.name === step)!;
    return target.status === "RUNNING" || target.status !== "PENDING" || run.status !== "RUNNING" && run.status !== "PENDING";
  }, 30_000);
  worker.kill("SIGKILL");
  await new Promise((resolve) => worker.once("exit", resolve));
}

async function expectSettledIn(region: string, namespace: string) {
  const deployments = await deploymentsOf(sim.dir, region, namespace);
  for (const workload of WORKLOADS) expect(deployments[workload.name]).toEqual({ replicas: workload.replicas, ready: workload.replicas });
  const state = await simState();
  expect(state.transfers).toEqual([]);
  expect(state.volumes.map((v) => v.id).sort()).toEqual(Object.values(volumeIds).sort());
  for (const id of Object.values(volumeIds)) {
    expect(state.volumes.find((v) => v.id === id)).toMatchObject({ region, status: "in-use" });
    expect(((await sim.admin("GET", `/volumes/${id}/data`)) as { data: unknown }).data).toEqual({ owner: id });
  }
  expect(sim.cloud.snapshots.size).toBe(0);
  const { core } = kubeClientsOf(sim.dir, region);
  expect((await core.listNamespacedSecret({ namespace })).items.map((s) => s.metadata!.name).sort()).toEqual(["api-keys", "db-credentials"]);
  expect((await core.listNamespacedPersistentVolumeClaim({ namespace })).items).toHaveLength(2);
  expect((await core.listPersistentVolume()).items).toHaveLength(2);
  expect((await core.listNamespace()).items.filter((n) => n.metadata!.name!.includes("drill"))).toEqual([]);
}

describe("a run survives the portal being killed", () => {
  it.each(FAILOVER_STEPS.map((step, index) => [step, index % 2 === 0 ? "FAILOVER" : "FAILBACK"] as const))("killed during %s of a %s, it completes after a restart", async (step, kind) => {
    const { runId } = await startRun(t.db, { applicationName: "crashy", kind, mode: "NORMAL", reason: `crash test during ${step}`, confirmation: "crashy", freeCapacity: true }, oncall);
    await killDuring(runId, step);
    startWorker();
    const run = await runWhenSettled(t.db, runId, 60_000);
    expect(run.status, run.error ?? "").toBe("SUCCEEDED");
    // The kill landed inside the step: the restarted replica ran it a second time.
    expect(run.steps.find((s) => s.name === step)!.attempts).toBeGreaterThanOrEqual(2);
    const [region, namespace] = kind === "FAILOVER" ? [EAST, "crashy-dr"] : [WEST, "crashy-prod"];
    await expectSettledIn(region, namespace);
    await sleep(50);
  });

  it.each(DRILL_STEPS.filter((_, index) => index % 2 === 1))("killed during %s of a drill, it completes and cleans up after a restart", async (step) => {
    const active = (await t.db.application.findUniqueOrThrow({ where: { name: "crashy" }, include: { activeRegion: true } })).activeRegion!.name;
    const { runId } = await startRun(t.db, { applicationName: "crashy", kind: "DRILL", mode: "NORMAL", reason: `crash test during ${step}`, confirmation: "crashy", freeCapacity: false }, oncall);
    await killDuring(runId, step);
    startWorker();
    const run = await runWhenSettled(t.db, runId, 60_000);
    expect(run.status, run.error ?? "").toBe("SUCCEEDED");
    expect(run.steps.find((s) => s.name === step)!.attempts).toBeGreaterThanOrEqual(2);
    await expectSettledIn(active, active === WEST ? "crashy-prod" : "crashy-dr");
  });
});
