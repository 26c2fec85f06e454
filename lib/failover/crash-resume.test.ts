import { setTimeout as sleep } from "node:timers/promises";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EAST, replicaTestBed, WEST } from "@/tests/replica-test-bed";
import { runWhenSettled } from "@/tests/runs";
import { eventually } from "@/tests/simulator";
import { expectServingFrom } from "@/tests/serving";
import { DRILL_STEPS, FAILOVER_STEPS, type StepName } from "./step-registry";
import { startRun } from "./start-run";

// The portal process killed (SIGKILL, no goodbye) while each step in turn is running, then a new
// one started: every run must end completed, with no volume awaiting transfer, nothing created
// twice, the data where it belongs.

// Every call takes a little while, so a kill lands inside a step rather than between two.
const bed = await replicaTestBed("crashy", { latencyMs: 25 });
const { sim, workers } = bed;
let replacement: Promise<unknown> = Promise.resolve();
const startWorker = () => workers.start();

beforeAll(() => Promise.all([startWorker(), startWorker()]));
// Two replicas are up before a run starts: the one the kill lands on, and the one that takes over.
beforeEach(() => replacement);

/** Kills (SIGKILL) the replica executing the run while the step runs; a fresh one boots to keep two. */
async function killDuring(runId: string, step: StepName) {
  const run = await eventually(async () => {
    const now = await bed.t.db.failoverRun.findUniqueOrThrow({ where: { id: runId }, include: { steps: true } });
    return now.steps.find((s) => s.name === step)!.status === "RUNNING" && now.leaseOwner ? now : null;
  }, 30_000);
  const pid = Number(run.leaseOwner!.split(":").at(-2));
  const holder = workers.byPid(pid)!;
  expect(holder, `the run's lease names pid ${pid}, a worker of this test`).toBeDefined();
  await workers.kill(holder);
  replacement = startWorker();
  replacement.catch(() => undefined); // awaited by the next kill; at the end of the file it is killed while booting
}

describe("a run survives the portal being killed", () => {
  // Runs alternate direction; free-capacity is taken in a failover, where dev and test live in the target.
  const order: StepName[] = FAILOVER_STEPS.filter((step) => step !== "free-capacity");
  order.splice(4, 0, "free-capacity");
  it.each(order.map((step, index) => [step, index % 2 === 0 ? "FAILOVER" : "FAILBACK"] as const))("killed during %s of a %s, it completes after a restart", async (step, kind) => {
    const { runId } = await startRun(bed.t.db, { applicationName: "crashy", kind, mode: "NORMAL", reason: `crash test during ${step}`, confirmation: "crashy", freeCapacity: true }, bed.oncall);
    await killDuring(runId, step);
    const run = await runWhenSettled(bed.t.db, runId, 60_000);
    expect(run.status, run.error ?? "").toBe("SUCCEEDED");
    // The kill landed inside the step: the restarted replica ran it a second time.
    expect(run.steps.find((s) => s.name === step)!.attempts).toBeGreaterThanOrEqual(2);
    const [region, namespace] = kind === "FAILOVER" ? [EAST, "crashy-dr"] : [WEST, "crashy-prod"];
    await expectServingFrom(sim, region, namespace, bed.volumeIds);
    await sleep(50);
  });

  it.each(DRILL_STEPS)("killed during %s of a drill, it completes and cleans up after a restart", async (step) => {
    const active = (await bed.t.db.application.findUniqueOrThrow({ where: { name: "crashy" }, include: { activeRegion: true } })).activeRegion!.name;
    const { runId } = await startRun(bed.t.db, { applicationName: "crashy", kind: "DRILL", mode: "NORMAL", reason: `crash test during ${step}`, confirmation: "crashy", freeCapacity: false }, bed.oncall);
    await killDuring(runId, step);
    const run = await runWhenSettled(bed.t.db, runId, 60_000);
    expect(run.status, run.error ?? "").toBe("SUCCEEDED");
    expect(run.steps.find((s) => s.name === step)!.attempts).toBeGreaterThanOrEqual(2);
    await expectServingFrom(sim, active, active === WEST ? "crashy-prod" : "crashy-dr", bed.volumeIds);
  });
});
