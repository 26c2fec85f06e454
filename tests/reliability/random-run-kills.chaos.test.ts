import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { startRun } from "@/lib/failover/start-run";
import { createRegionClients } from "@/lib/regions/region-clients";
import { loadRegionConfig } from "@/lib/regions/region-config";
import { syncRegions } from "@/lib/regions/sync-regions";
import { createPeople, provisionedDrApplication, runWhenSettled } from "@/tests/runs";
import { startTestSimulator } from "@/tests/simulator";
import { createTestDatabase, type TestDatabase } from "@/tests/test-database";
import { QUICK_TAKEOVER, workerProcesses } from "@/tests/worker-processes";
import { expectServingFrom, markVolumes } from "@/tests/serving";
import { deployWorkloads } from "@/tests/workloads";

// `npm run test:chaos` only. crash-resume.test.ts kills the portal inside each step in turn;
// here the kills land at random moments instead, once or twice per run, on failovers, failbacks
// and drills, against slow regions that also fail a share of their calls.

const RUNS = Number(process.env.CONTINUUM_CHAOS_RANDOM_RUN_KILLS || 12);
const sim = await startTestSimulator({ seed: false });
const kubeconfig = path.join(sim.dir, "kubeconfig");
const cloudsYaml = path.join(sim.dir, "clouds.yaml");
let t: TestDatabase;
let people: Awaited<ReturnType<typeof createPeople>>;
let volumeIds: string[];

beforeAll(async () => {
  t = await createTestDatabase();
  const configs = loadRegionConfig({ CONTINUUM_KUBECONFIG: kubeconfig, CONTINUUM_CLOUDS_YAML: cloudsYaml });
  await syncRegions(t.db, configs);
  people = await createPeople(t.db, "random-kills.example");
  await provisionedDrApplication(t.db, createRegionClients(configs), people, "dicey");
  volumeIds = Object.values(await deployWorkloads(sim.dir, "europe-west", "dicey-prod", "dicey"));
  await markVolumes(sim, volumeIds);
  await setFailureRate(0.05);
});

async function setFailureRate(failureRate: number) {
  for (const region of ["europe-west", "europe-east"]) await sim.admin("PUT", `/regions/${region}/faults`, { latencyMs: 20, failureRate });
}

const workers = workerProcesses(() => ({
  DATABASE_URL: t.url,
  CONTINUUM_KUBECONFIG: kubeconfig,
  CONTINUUM_CLOUDS_YAML: cloudsYaml,
  ...QUICK_TAKEOVER,
  CONTINUUM_RUN_STEP_ATTEMPTS: "6",
  CONTINUUM_HEALTH_INTERVAL_SECONDS: "3600",
}));

describe("runs killed at random moments", () => {
  it(`${RUNS} runs, each with one or two kills at random: every one completes with nothing stranded or doubled`, async () => {
    await Promise.all([workers.start(), workers.start()]);
    const kinds = ["FAILOVER", "FAILBACK", "DRILL"] as const;
    const kills: string[] = [];
    for (let i = 0; i < RUNS; i++) {
      const application = await t.db.application.findUniqueOrThrow({ where: { name: "dicey" }, include: { activeRegion: true } });
      const atHome = application.activeRegion!.name === "europe-west";
      const kind = kinds[i % 3] === "DRILL" ? "DRILL" : atHome ? "FAILOVER" : "FAILBACK";
      const { runId } = await startRun(t.db, { applicationName: "dicey", kind, mode: "NORMAL", reason: `random kill ${i + 1}`, confirmation: "dicey", freeCapacity: i % 2 === 0 }, people.oncall);
      for (let k = 0; k < 1 + (i % 2); k++) {
        await sleep(Math.floor(Math.random() * 2500));
        const run = await t.db.failoverRun.findUniqueOrThrow({ where: { id: runId }, include: { steps: { where: { status: "RUNNING" } } } });
        if (run.status !== "RUNNING" || !run.leaseOwner) continue;
        const holder = workers.byPid(Number(run.leaseOwner.split(":").at(-2)));
        if (!holder) continue;
        kills.push(`run ${i + 1} (${kind}) during ${run.steps[0]?.name ?? "a step boundary"}`);
        await workers.kill(holder);
        await workers.start();
      }
      const run = await runWhenSettled(t.db, runId, 120_000);
      expect(run.status, `run ${i + 1}: ${run.error}`).toBe("SUCCEEDED");
      const now = await t.db.application.findUniqueOrThrow({ where: { name: "dicey" }, include: { activeRegion: true } });
      // The test's own look at the regions must not be failed by the faults meant for the portal.
      await setFailureRate(0);
      await expectServingFrom(sim, now.activeRegion!.name, now.activeRegion!.name === "europe-west" ? "dicey-prod" : "dicey-dr", volumeIds);
      await setFailureRate(0.05);
    }
    console.info(`random kills (${kills.length}):\n${kills.join("\n")}`);
    expect(kills.length).toBeGreaterThan(RUNS / 2);
  }, 1_800_000);
});
