import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyQuota } from "@/lib/provisioning/ensure-namespace";
import { createRegionClients } from "@/lib/regions/region-clients";
import { loadRegionConfig } from "@/lib/regions/region-config";
import { syncRegions } from "@/lib/regions/sync-regions";
import { createPeople, provisionedDrApplication, runWhenSettled, TEST_RUN_SETTINGS } from "@/tests/runs";
import { eventually, setCinderQuota, startTestSimulator } from "@/tests/simulator";
import { createTestDatabase, type TestDatabase } from "@/tests/test-database";
import { deploymentsOf, deployWorkloads, kubeClientsOf } from "@/tests/workloads";
import { preflightSummary } from "./preflight-summary";
import { resumeRun } from "./resume-run";
import { startRunSupervisor, type RunSupervisor } from "./run-supervisor";
import { startRun, type StartRunInput } from "./start-run";

// Room in the target before the click: the guard and the pre-flight step read the target
// namespace's ResourceQuota and the target project's Cinder quota, over HTTP, against what the run
// will start and move there.

const WEST = "europe-west";
const EAST = "europe-east";
const sim = await startTestSimulator({ seed: false });
const configs = loadRegionConfig({ CONTINUUM_KUBECONFIG: path.join(sim.dir, "kubeconfig"), CONTINUUM_CLOUDS_YAML: path.join(sim.dir, "clouds.yaml") });
const clients = createRegionClients(configs, { attempts: 2, baseDelayMs: 20, timeoutMs: 3000 });
let t: TestDatabase;
let oncall: { id: string; email: string };
let supervisor: RunSupervisor;
let volumeIds: Record<string, string>;

beforeAll(async () => {
  t = await createTestDatabase();
  await syncRegions(t.db, configs);
  const people = await createPeople(t.db, "cap.example");
  oncall = people.oncall;
  await provisionedDrApplication(t.db, clients, people, "cap");
  volumeIds = await deployWorkloads(sim.dir, WEST, "cap-prod", "cap");
  supervisor = startRunSupervisor(t.db, clients, TEST_RUN_SETTINGS);
});
afterAll(() => supervisor?.stop());

const start = (input: Partial<StartRunInput>) =>
  startRun(t.db, { applicationName: "cap", kind: "FAILOVER", mode: "NORMAL", reason: "europe-west storage is degraded", confirmation: "cap", freeCapacity: false, ...input }, oncall);
const volumesIn = async () => ((await sim.admin("GET", "/state")) as { volumes: Array<{ id: string; region: string }> }).volumes.filter((v) => Object.values(volumeIds).includes(v.id)).map((v) => v.region);

describe("capacity in the target before a run", () => {
  it("shows on the guard what will be started and moved against the target's quotas, with the numbers", async () => {
    const summary = (await preflightSummary(t.db, clients, "cap", "FAILOVER"))!;
    // 3 web + db + files (Deployments) + 2 worker pods (DeploymentConfig), each 100m/128Mi by the namespace's defaults; two 2Gi claims.
    expect(summary.capacity).toEqual({
      fits: true,
      shortfalls: [],
      lines: [
        "europe-east/cap-dr quota continuum-quota has room: requests.cpu +700m (0 of 2 used), limits.cpu +3500m (0 of 4 used), requests.memory +896Mi (0 of 4Gi used), limits.memory +3584Mi (0 of 8Gi used), requests.storage +4Gi (0 of 20Gi used), persistentvolumeclaims +2 (0 of 5 used)",
        "europe-east's Cinder project has room for 2 volume(s), 4 GB (0/1000 volumes, 0/10000 GB in use)",
      ],
    });
    expect(summary.blockers).toEqual([]);
  });

  it("blocks the guard and stops the run at pre-flight when the target's Cinder quota is too small, moving nothing; raised, the run finishes", async () => {
    await setCinderQuota(sim, EAST, { gigabytes: 3 });
    const summary = (await preflightSummary(t.db, clients, "cap", "FAILOVER"))!;
    expect(summary.capacity?.fits).toBe(false);
    expect(summary.blockers).toEqual([
      "Not enough room in europe-east: europe-east's Cinder project: 4 GB to move in, 0 of its 3 GB in use (quota 'gigabytes'). Raise the quota there (or free what uses it) first; scaling dev and test to 0 would not help, as these quotas count only what this namespace and project hold.",
    ]);

    // The API or a pipeline can still press the button: the run itself refuses at its first step.
    const { runId } = await start({});
    const stopped = await runWhenSettled(t.db, runId);
    expect(stopped).toMatchObject({ status: "WAITING", currentStep: "preflight" });
    expect(stopped.error).toBe(
      "Not enough room in europe-east for cap: europe-east's Cinder project: 4 GB to move in, 0 of its 3 GB in use (quota 'gigabytes'). Raise the quota there (or free what uses it), then retry this step.",
    );
    expect(stopped.steps.find((s) => s.name === "preflight")!.attempts).toBe(1);
    expect(await volumesIn()).toEqual([WEST, WEST]);
    expect(await deploymentsOf(sim.dir, WEST, "cap-prod")).toMatchObject({ web: { replicas: 3 }, db: { replicas: 1 } });

    await setCinderQuota(sim, EAST, { gigabytes: 10 });
    await resumeRun(t.db, runId, oncall);
    const finished = await runWhenSettled(t.db, runId);
    expect(finished.status).toBe("SUCCEEDED");
    expect(finished.steps.find((s) => s.name === "preflight")!.output).toMatchObject({ checks: expect.arrayContaining(["europe-east's Cinder project has room for 2 volume(s), 4 GB (0/1000 volumes, 0/10 GB in use)"]) });
    expect(await volumesIn()).toEqual([EAST, EAST]);
  });

  it("blocks a failback when the target namespace's ResourceQuota cannot take the pods, in the API server's words, and counts them once they run", async () => {
    // Someone shrank the quota of the primary's namespace while the application ran in its DR region.
    await clients.cluster(WEST).applyResourceQuota("cap-prod", { name: "continuum-quota", hard: { "requests.cpu": "500m", "requests.memory": "4Gi", pods: "10" } });
    const summary = (await preflightSummary(t.db, clients, "cap", "FAILBACK"))!;
    expect(summary.capacity?.shortfalls).toEqual(["europe-west/cap-prod: exceeded quota: continuum-quota, requested: requests.cpu=700m, used: requests.cpu=0, limited: requests.cpu=500m"]);
    expect(summary.blockers[0]).toMatch(/^Not enough room in europe-west: europe-west\/cap-prod: exceeded quota: continuum-quota, requested: requests\.cpu=700m/);

    await applyQuota(clients.cluster(WEST), "cap-prod", "SMALL");
    const again = (await preflightSummary(t.db, clients, "cap", "FAILBACK"))!;
    expect(again.blockers).toEqual([]);
    const { runId } = await start({ kind: "FAILBACK", reason: "europe-west is healthy again" });
    expect((await runWhenSettled(t.db, runId)).status).toBe("SUCCEEDED");
    // The quota controller counts the pods now running there, as `kubectl describe quota` shows it.
    const quota = await kubeClientsOf(sim.dir, WEST).core.readNamespacedResourceQuota({ namespace: "cap-prod", name: "continuum-quota" });
    expect(quota.status?.used).toMatchObject({ "requests.cpu": "700m", "requests.memory": "896Mi", persistentvolumeclaims: "2", "requests.storage": "4Gi" });
  });

  it("refuses a pod the quota cannot take, with the API server's event, so a workload scaled past its quota says why it does not start", async () => {
    const { core } = kubeClientsOf(sim.dir, WEST);
    await clients.cluster(WEST).scaleWorkload("cap-prod", "Deployment", "web", 20);
    const failedCreates = async () => (await core.listNamespacedEvent({ namespace: "cap-prod" })).items.filter((e) => e.reason === "FailedCreate").map((e) => e.message ?? "");
    const seen = await eventually(async () => (await failedCreates()).length > 0 && failedCreates(), 5000);
    // 7 pods at the 500m default limit hold 3500m of limits.cpu=4: one more web pod fits, the next does not.
    expect(seen[0]).toMatch(/^Error creating: pods "web-[0-9a-f]{8}-" is forbidden: exceeded quota: continuum-quota, requested: limits\.cpu=500m, used: limits\.cpu=4, limited: limits\.cpu=4$/);
    expect((await core.listNamespacedPod({ namespace: "cap-prod" })).items).toHaveLength(8);
  });
});
