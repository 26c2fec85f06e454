import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { createRegionClients } from "@/lib/regions/region-clients";
import { loadRegionConfig } from "@/lib/regions/region-config";
import { syncRegions } from "@/lib/regions/sync-regions";
import { FAILOVER_STEPS } from "@/lib/failover/step-registry";
import { startRun } from "@/lib/failover/start-run";
import { createPeople, provisionedDrApplication, runWhenSettled } from "@/tests/runs";
import { expectServingFrom, markVolumes } from "@/tests/serving";
import { eventually, startTestSimulator } from "@/tests/simulator";
import { createTestDatabase, type TestDatabase } from "@/tests/test-database";
import { QUICK_TAKEOVER, workerProcesses } from "@/tests/worker-processes";
import { deployWorkloads } from "@/tests/workloads";

// A replica that *pauses* past its lease (GC, CPU starvation, a frozen VM) is not dead: when it
// wakes up it carries on from where it stopped. SIGSTOP freezes the replica executing a run in
// the middle of moving the volumes; another replica takes the run over; SIGCONT wakes the first.
// The run must complete exactly once, the woken replica must change nothing, no volume stranded.

const WEST = "europe-west";
const EAST = "europe-east";
const sim = await startTestSimulator({ seed: false });
const kubeconfig = path.join(sim.dir, "kubeconfig");
const cloudsYaml = path.join(sim.dir, "clouds.yaml");
const configs = loadRegionConfig({ CONTINUUM_KUBECONFIG: kubeconfig, CONTINUUM_CLOUDS_YAML: cloudsYaml });
let t: TestDatabase;
let oncall: { id: string; email: string };
let volumeIds: string[];

beforeAll(async () => {
  t = await createTestDatabase();
  await syncRegions(t.db, configs);
  const people = await createPeople(t.db, "paused.example");
  oncall = people.oncall;
  await provisionedDrApplication(t.db, createRegionClients(configs), people, "frozen");
  volumeIds = Object.values(await deployWorkloads(sim.dir, WEST, "frozen-prod", "frozen"));
  await markVolumes(sim, volumeIds);
  // Slow calls, so the freeze lands inside a platform call of the step rather than between two.
  for (const region of [WEST, EAST]) await sim.admin("PUT", `/regions/${region}/faults`, { latencyMs: 120 });
});

const workers = workerProcesses(() => ({ DATABASE_URL: t.url, CONTINUUM_KUBECONFIG: kubeconfig, CONTINUUM_CLOUDS_YAML: cloudsYaml, ...QUICK_TAKEOVER }));
beforeAll(() => Promise.all([workers.start(), workers.start()]));

const readRun = (runId: string) => t.db.failoverRun.findUniqueOrThrow({ where: { id: runId }, include: { steps: { orderBy: { position: "asc" } } } });
const ownerPid = (leaseOwner: string) => Number(leaseOwner.split(":").at(-2));

describe("a replica frozen past its lease and woken again", () => {
  it.each([
    ["while the other replica is still running the run", "mid-run"],
    ["after the other replica finished the run", "after"],
  ] as const)("changes nothing when woken %s", async (_, wake) => {
    const active = (await t.db.application.findUniqueOrThrow({ where: { name: "frozen" }, include: { activeRegion: true } })).activeRegion!.name;
    const [kind, to, namespace] = active === WEST ? (["FAILOVER", EAST, "frozen-dr"] as const) : (["FAILBACK", WEST, "frozen-prod"] as const);
    const { runId } = await startRun(t.db, { applicationName: "frozen", kind, mode: "NORMAL", reason: `frozen replica, woken ${wake}`, confirmation: "frozen", freeCapacity: false }, oncall);

    const frozenAt = await eventually(async () => {
      const run = await readRun(runId);
      return run.steps.find((s) => s.name === "move-volumes")!.status === "RUNNING" && run.leaseOwner ? run : null;
    }, 30_000);
    const frozen = workers.byPid(ownerPid(frozenAt.leaseOwner!))!;
    expect(frozen, "the run is held by a worker of this test").toBeDefined();
    frozen.kill("SIGSTOP");
    try {
      const takenOver = await eventually(async () => {
        const run = await readRun(runId);
        return run.leaseOwner && run.leaseOwner !== frozenAt.leaseOwner ? run : null;
      }, 15_000);
      expect(takenOver.leaseEpoch).toBeGreaterThan(frozenAt.leaseEpoch);
      if (wake === "after") expect((await runWhenSettled(t.db, runId, 60_000)).status).toBe("SUCCEEDED");
    } finally {
      frozen.kill("SIGCONT");
    }

    const settled = await runWhenSettled(t.db, runId, 60_000);
    expect(settled.status, settled.error ?? "").toBe("SUCCEEDED");
    // Give the woken replica time to do whatever it would still do.
    await sleep(3000);
    expect(frozen.exitCode, "the woken replica is still alive").toBeNull();
    const after = await readRun(runId);
    expect(after.status).toBe("SUCCEEDED");
    expect(after.steps.map((s) => [s.name, s.status])).toEqual(FAILOVER_STEPS.map((name) => [name, name === "free-capacity" ? "SKIPPED" : "SUCCEEDED"]));
    expect(after.error).toBeNull();

    const actions = (await t.db.auditEvent.findMany({ where: { targetId: runId }, select: { action: true, after: true } })).map((e) => e.action);
    expect(actions.filter((a) => a === "run.succeeded")).toHaveLength(1);
    expect(actions.filter((a) => a === "run.step_failed")).toHaveLength(0);
    expect(actions.filter((a) => a === "run.step_succeeded")).toHaveLength(FAILOVER_STEPS.length - 1);
    expect(await t.db.runTransfer.count({ where: { runId, acceptedAt: null, deletedAt: null } })).toBe(0);
    await expectServingFrom(sim, to, namespace, volumeIds);
  });
});
