import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startRunAction } from "@/lib/actions/runs/start-run";
import { createApiToken } from "@/lib/api-tokens/api-tokens";
import { startRunRoute } from "@/lib/api/api-v1";
import { resumeRun } from "@/lib/failover/resume-run";
import { startRunSupervisor, type RunSupervisor } from "@/lib/failover/run-supervisor";
import { startRun } from "@/lib/failover/start-run";
import { regionClients } from "@/lib/regions/region-clients";
import { actAs, prepareActionsAgainstSimulator } from "@/tests/act-as";
import { createPeople, provisionedDrApplication, runWhenSettled, TEST_RUN_SETTINGS } from "@/tests/runs";
import { startTestSimulator } from "@/tests/simulator";
import type { TestDatabase } from "@/tests/test-database";
import { expectServingFrom, markVolumes } from "@/tests/serving";
import { deployWorkloads } from "@/tests/workloads";

// Failovers while both regions fail a share of their calls and answer slowly, as a region does
// on the night it is needed: every run ends completed, or stopped at a step with a sentence
// saying what failed and a volume that is either where it was or recoverable by Retry step.
// And twenty people pressing the button at once start one run.

vi.mock("@/lib/auth/session", async () => (await import("@/tests/act-as")).sessionMock());
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const WEST = "europe-west";
const EAST = "europe-east";
const FAILURE_RATE = Number(process.env.CONTINUUM_CHAOS_FAILURE_RATE || 0.12);
const ROUND_TRIPS = Number(process.env.CONTINUUM_CHAOS_ROUND_TRIPS || 2);
const sim = await startTestSimulator({ seed: false });
let t: TestDatabase;
let supervisor: RunSupervisor;
let people: Awaited<ReturnType<typeof createPeople>>;
let volumeIds: string[];

beforeAll(async () => {
  t = await prepareActionsAgainstSimulator(sim.dir);
  people = await createPeople(t.db, "flaky.example");
  await provisionedDrApplication(t.db, regionClients(), people, "flaky");
  volumeIds = Object.values(await deployWorkloads(sim.dir, WEST, "flaky-prod", "flaky"));
  await markVolumes(sim, volumeIds);
  supervisor = startRunSupervisor(t.db, regionClients(), { ...TEST_RUN_SETTINGS, stepAttempts: 3 });
});
afterAll(() => supervisor?.stop());

const simState = async () => (await sim.admin("GET", "/state")) as { volumes: Array<{ id: string; status: string; region: string }>; transfers: Array<{ id: string; volume_id: string }> };

/** A volume awaiting a transfer is stranded unless the run holds that transfer's sealed key. */
async function expectNoStrandedVolume(runId: string) {
  const state = await simState();
  const held = new Set((await t.db.runTransfer.findMany({ where: { runId, sealedAuthKey: { not: null } } })).map((r) => r.transferId));
  for (const transfer of state.transfers) expect(held, `transfer ${transfer.id} of volume ${transfer.volume_id} is known to the run`).toContain(transfer.id);
  for (const volume of state.volumes.filter((v) => v.status === "awaiting-transfer")) expect(state.transfers.map((x) => x.volume_id)).toContain(volume.id);
}

describe("failovers against flaky, slow regions", () => {
  it(`${ROUND_TRIPS * 2} runs with ${FAILURE_RATE * 100}% of calls failing and 15 ms on each: each completes, resuming stopped runs from their step`, async () => {
    const report: string[] = [];
    for (let i = 0; i < ROUND_TRIPS * 2; i++) {
      const kind = i % 2 === 0 ? "FAILOVER" : "FAILBACK";
      for (const region of [WEST, EAST]) await sim.admin("PUT", `/regions/${region}/faults`, { failureRate: FAILURE_RATE, latencyMs: 15 });
      let started;
      // Starting checks both regions first; under faults that check may itself be refused, with a reason.
      for (let attempt = 0; !started; attempt++) {
        try {
          started = await startRun(t.db, { applicationName: "flaky", kind, mode: "NORMAL", reason: `flaky regions, run ${i + 1}`, confirmation: "flaky", freeCapacity: true }, people.oncall);
        } catch (error) {
          if (attempt > 20) throw error;
        }
      }
      let run = await runWhenSettled(t.db, started.runId, 90_000);
      let resumes = 0;
      while (run.status === "WAITING") {
        // Stopped, not lost: the step that failed says why in words, and no volume is stranded.
        const failed = run.steps.find((s) => s.status === "FAILED");
        expect(failed?.error, `run ${i + 1} stopped at a step with its reason`).toMatch(/\w{3,}/);
        expect(run.error).toMatch(/\w{3,}/);
        await expectNoStrandedVolume(run.id);
        report.push(`run ${i + 1} (${kind}) stopped at ${failed!.name}: ${failed!.error}`);
        // At 30 % of calls failing (test:chaos), the import of ~25 objects can take many tries.
        expect(resumes++, "resumed at most 30 times").toBeLessThan(30);
        await resumeRun(t.db, run.id, people.oncall);
        run = await runWhenSettled(t.db, run.id, 90_000);
      }
      expect(run.status, run.error ?? "").toBe("SUCCEEDED");
      for (const region of [WEST, EAST]) await sim.admin("PUT", `/regions/${region}/faults`, { failureRate: 0, latencyMs: 0 });
      const [region, namespace] = kind === "FAILOVER" ? [EAST, "flaky-dr"] : [WEST, "flaky-prod"];
      await expectServingFrom(sim, region, namespace, volumeIds);
    }
    const retried = await t.db.runStep.count({ where: { attempts: { gt: 1 } } });
    const failedCalls = [WEST, EAST].reduce((sum, region) => sum + (sim.faults.failedCalls.get(region) ?? 0), 0);
    console.info(`flaky regions: ${failedCalls} call(s) failed on purpose; ${retried} step(s) needed a second attempt; ${report.length} stop(s) resumed\n${report.join("\n")}`);
    // The faults were real: calls failed, and the portal's retries carried the runs through them.
    expect(failedCalls).toBeGreaterThan(ROUND_TRIPS * 10);
  }, 600_000);
});

describe("twenty on-call engineers press fail over at the same moment", () => {
  it("one run starts; the other nineteen are told which run is already going", async () => {
    const before = await t.db.failoverRun.count();
    const active = (await t.db.application.findUniqueOrThrow({ where: { name: "flaky" }, include: { activeRegion: true } })).activeRegion!.name;
    const kind = active === WEST ? "FAILOVER" : "FAILBACK";
    const body = { applicationName: "flaky", kind, mode: "NORMAL", reason: "everyone saw the same alert", confirmation: "flaky", freeCapacity: false } as const;
    const oncall = await actAs(t.db, "ONCALL", "oncall@flaky.example");
    const token = (await createApiToken(t.db, oncall, "pager bot")).token;
    const viaApi = () =>
      startRunRoute(new Request("http://portal.test/api/v1/runs", { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) }), { params: Promise.resolve({}) }).then(async (r) => ({ status: r.status, body: (await r.json()) as { id?: string; error?: string } }));
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? startRunAction(body) : viaApi())));
    expect(await t.db.failoverRun.count()).toBe(before + 1);
    const run = await t.db.failoverRun.findFirstOrThrow({ orderBy: { createdAt: "desc" } });
    const started = results.filter((r) => ("ok" in r ? r.ok : r.status === 201));
    expect(started).toHaveLength(1);
    for (const refused of results.filter((r) => !started.includes(r))) {
      const error = "ok" in refused ? (refused as { error: string }).error : refused.body.error!;
      expect("ok" in refused ? true : refused.status).toBe("ok" in refused ? true : 409);
      expect(error).toContain(`/runs/${run.id}`);
    }
    expect((await runWhenSettled(t.db, run.id, 60_000)).status).toBe("SUCCEEDED");
  });
});
