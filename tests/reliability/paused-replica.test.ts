import { setTimeout as sleep } from "node:timers/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { FAILOVER_STEPS } from "@/lib/failover/step-registry";
import { startRun } from "@/lib/failover/start-run";
import { EAST, replicaTestBed, WEST } from "@/tests/replica-test-bed";
import { runWhenSettled } from "@/tests/runs";
import { expectServingFrom } from "@/tests/serving";
import { eventually } from "@/tests/simulator";

// A replica that *pauses* past its lease (GC, CPU starvation, a frozen VM) is not dead: when it
// wakes up it carries on from where it stopped. SIGSTOP freezes the replica executing a run in
// the middle of moving the volumes; another replica takes the run over; SIGCONT wakes the first.
// The run must complete exactly once, the woken replica must change nothing, no volume stranded.

// Slow calls, so the freeze lands inside a platform call of the step rather than between two.
const bed = await replicaTestBed("frozen", { latencyMs: 120 });
const { sim, workers } = bed;
beforeAll(() => Promise.all([workers.start(), workers.start()]));

const readRun = (runId: string) => bed.t.db.failoverRun.findUniqueOrThrow({ where: { id: runId }, include: { steps: { orderBy: { position: "asc" } } } });
const ownerPid = (leaseOwner: string) => Number(leaseOwner.split(":").at(-2));

describe("a replica frozen past its lease and woken again", () => {
  it.each([
    ["while the other replica is still running the run", "mid-run"],
    ["after the other replica finished the run", "after"],
  ] as const)("changes nothing when woken %s", async (_, wake) => {
    const active = (await bed.t.db.application.findUniqueOrThrow({ where: { name: "frozen" }, include: { activeRegion: true } })).activeRegion!.name;
    const [kind, to, namespace] = active === WEST ? (["FAILOVER", EAST, "frozen-dr"] as const) : (["FAILBACK", WEST, "frozen-prod"] as const);
    const { runId } = await startRun(bed.t.db, { applicationName: "frozen", kind, mode: "NORMAL", reason: `frozen replica, woken ${wake}`, confirmation: "frozen", freeCapacity: false }, bed.oncall);

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
      if (wake === "after") expect((await runWhenSettled(bed.t.db, runId, 60_000)).status).toBe("SUCCEEDED");
    } finally {
      frozen.kill("SIGCONT");
    }

    const settled = await runWhenSettled(bed.t.db, runId, 60_000);
    expect(settled.status, settled.error ?? "").toBe("SUCCEEDED");
    // Give the woken replica time to do whatever it would still do.
    await sleep(3000);
    expect(frozen.exitCode, "the woken replica is still alive").toBeNull();
    const after = await readRun(runId);
    expect(after.status).toBe("SUCCEEDED");
    expect(after.steps.map((s) => [s.name, s.status])).toEqual(FAILOVER_STEPS.map((name) => [name, name === "free-capacity" ? "SKIPPED" : "SUCCEEDED"]));
    expect(after.error).toBeNull();

    const actions = (await bed.t.db.auditEvent.findMany({ where: { targetId: runId }, select: { action: true, after: true } })).map((e) => e.action);
    expect(actions.filter((a) => a === "run.succeeded")).toHaveLength(1);
    expect(actions.filter((a) => a === "run.step_failed")).toHaveLength(0);
    expect(actions.filter((a) => a === "run.step_succeeded")).toHaveLength(FAILOVER_STEPS.length - 1);
    expect(await bed.t.db.runTransfer.count({ where: { runId, acceptedAt: null, deletedAt: null } })).toBe(0);
    await expectServingFrom(sim, to, namespace, bed.volumeIds);
  });
});
