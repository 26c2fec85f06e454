import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRegionClients } from "@/lib/regions/region-clients";
import { loadRegionConfig } from "@/lib/regions/region-config";
import { syncRegions } from "@/lib/regions/sync-regions";
import { createPeople, provisionedDrApplication, runWhenSettled, TEST_RUN_SETTINGS } from "@/tests/runs";
import { startSimulatorProcess } from "@/tests/simulator";
import { createTestDatabase, type TestDatabase } from "@/tests/test-database";
import { deployWorkloads } from "@/tests/workloads";
import { startRunSupervisor, type RunSupervisor } from "./run-supervisor";
import { startRun } from "./start-run";

// The portal's own time for a failover: the run's time minus the time the simulator made it
// wait. The simulator runs as its own process (as a real cluster would not share our event
// loop) with no added latency; the only wait it imposes is the pod start, POD_READY_MS.

const POD_READY_MS = 1000;
let t: TestDatabase;
let supervisor: RunSupervisor;

beforeAll(async () => {
  t = await createTestDatabase();
}, 60_000);
afterAll(() => supervisor?.stop());

describe("failover timing", () => {
  it("spends well under the simulator's waits on its own work", async () => {
    const sim = await startSimulatorProcess(["--no-seed", "--pod-ready-ms", String(POD_READY_MS)]);
    const configs = loadRegionConfig({ CONTINUUM_KUBECONFIG: path.join(sim.dir, "kubeconfig"), CONTINUUM_CLOUDS_YAML: path.join(sim.dir, "clouds.yaml") });
    const clients = createRegionClients(configs);
    await syncRegions(t.db, configs);
    const people = await createPeople(t.db, "timing.example");
    await provisionedDrApplication(t.db, clients, people, "timed");
    await deployWorkloads(sim.dir, "europe-west", "timed-prod", "timed");

    // A poll slower than the test: only the database's notification can start the run in time.
    supervisor = startRunSupervisor(t.db, clients, { ...TEST_RUN_SETTINGS, pollMs: 60_000 }, t.url);
    await new Promise((resolve) => setTimeout(resolve, 500)); // its first poll and LISTEN done
    const { runId } = await startRun(t.db, { applicationName: "timed", kind: "FAILOVER", mode: "NORMAL", reason: "timing a failover", confirmation: "timed", freeCapacity: false }, people.oncall);
    const run = await runWhenSettled(t.db, runId);
    expect(run.status).toBe("SUCCEEDED");
    const total = (run.finishedAt!.getTime() - run.createdAt.getTime()) / 1000;
    const own = total - POD_READY_MS / 1000;
    const pickedUp = (Math.min(...run.steps.map((s) => s.startedAt!.getTime())) - run.createdAt.getTime()) / 1000;
    expect(pickedUp).toBeLessThan(0.5);
    const steps = run.steps.map((s) => `${s.name} ${((s.finishedAt!.getTime() - s.startedAt!.getTime()) / 1000).toFixed(2)}`).join(", ");
    console.log(`[measure] failover of 3 Deployments, 1 DeploymentConfig, 2 Secrets, 2 ConfigMaps, 2 volumes: run ${total.toFixed(2)} s, RTO ${run.rtoSeconds} s; simulator waits ${POD_READY_MS / 1000} s (pod start); portal's own time ${own.toFixed(2)} s, of which ${pickedUp.toFixed(2)} s until a replica picked it up. Steps (s): ${steps}`);
    expect(own).toBeLessThan(5);
  }, 60_000);
});
