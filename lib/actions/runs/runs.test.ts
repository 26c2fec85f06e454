import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Role } from "@/lib/generated/prisma/enums";
import { loadBlockRange } from "@/lib/config/block-range";
import { provisionApplication } from "@/lib/provisioning/provision-application";
import { regionClients } from "@/lib/regions/region-clients";
import { actAs, signedIn, prepareActionsAgainstSimulator } from "@/tests/act-as";
import { anOrder, approveAnOrder } from "@/tests/orders";
import { startTestSimulator } from "@/tests/simulator";
import type { TestDatabase } from "@/tests/test-database";
import { getRunFor } from "@/lib/failover/get-run";
import { abortRunAction } from "./abort-run";
import { resumeRunAction } from "./resume-run";
import { startRegionFailoverAction } from "./start-region-failover";
import { startRunAction } from "./start-run";

vi.mock("@/lib/auth/session", async () => (await import("@/tests/act-as")).sessionMock());
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const sim = await startTestSimulator({ seed: false });
let t: TestDatabase;

beforeAll(async () => {
  t = await prepareActionsAgainstSimulator(sim.dir);
  const owner = await actAs(t.db, "OWNER", "ledger-owner@test.example");
  const approver = await actAs(t.db, "APPROVER", "approver@test.example");
  const application = await approveAnOrder(t.db, anOrder({ applicationName: "ledger", environments: ["prod"] }), owner, approver);
  await provisionApplication(t.db, regionClients(), application.id, loadBlockRange({}));
});

const failover = { applicationName: "ledger", kind: "FAILOVER", mode: "NORMAL", reason: "europe-west storage outage", confirmation: "ledger", freeCapacity: false } as const;

describe("starting a failover", () => {
  it("asks a signed-out visitor to sign in", async () => {
    signedIn.user = null;
    expect(await startRunAction(failover)).toEqual({ ok: false, code: "unauthenticated", error: "You are signed out. Sign in again, then retry." });
  });

  it.each(["OWNER", "APPROVER"] as Role[])("refuses the %s role, whatever the input, and starts nothing", async (role) => {
    await actAs(t.db, role, role === "OWNER" ? "ledger-owner@test.example" : "approver@test.example");
    expect(await startRunAction(failover)).toMatchObject({ ok: false, error: expect.stringMatching(/^Only on-call engineer or administrator can fail applications over/) });
    expect(await startRegionFailoverAction({ region: "europe-west", mode: "NORMAL", reason: "europe-west storage outage", confirmation: "europe-west" })).toMatchObject({ ok: false, error: expect.stringMatching(/^Only on-call engineer or administrator can fail over a region/) });
    expect(await t.db.failoverRun.count()).toBe(0);
  });

  it("tells on-call which field is wrong: a short reason, a name that does not match", async () => {
    await actAs(t.db, "ONCALL");
    expect(await startRunAction({ ...failover, reason: "oops" })).toMatchObject({ ok: false, fieldErrors: { reason: [expect.stringMatching(/at least 10 characters/)] } });
    expect(await startRunAction({ ...failover, confirmation: "ledgr" })).toMatchObject({ ok: false, fieldErrors: { confirmation: ["Type the application's name, ledger, exactly as shown."] } });
    expect(await startRunAction({ ...failover, reason: "storage outage \u202eINC-4211" })).toMatchObject({ ok: false, fieldErrors: { reason: [expect.stringMatching(/cannot contain control characters or invisible direction marks/)] } });
    // A stray space is not the name typed in full.
    expect(await startRunAction({ ...failover, confirmation: "ledger " })).toMatchObject({ ok: false, fieldErrors: { confirmation: ["Type the application's name, ledger, exactly as shown."] } });
    expect(await startRunAction({ ...failover, kind: "FAILBACK" })).toMatchObject({ ok: false, error: expect.stringMatching(/already runs in its primary region, europe-west/) });
    expect(await t.db.failoverRun.count()).toBe(0);
  });

  it("starts one run for on-call, records who and why, and refuses the second click with a link to the first", async () => {
    const oncall = await actAs(t.db, "ONCALL");
    const first = await startRunAction(failover);
    expect(first).toMatchObject({ ok: true, data: { runId: expect.any(String) } });
    const runId = (first as { data: { runId: string } }).data.runId;
    expect(await startRunAction(failover)).toMatchObject({ ok: false, error: expect.stringContaining(`/runs/${runId}`) });
    expect(await t.db.failoverRun.findUniqueOrThrow({ where: { id: runId } })).toMatchObject({ status: "PENDING", reason: failover.reason, startedById: oncall.id });
    expect(await t.db.auditEvent.findFirst({ where: { action: "run.started", targetId: runId } })).toMatchObject({ actorLabel: oncall.email, after: expect.objectContaining({ reason: failover.reason, from: "europe-west", to: "europe-east" }) });

    expect(await resumeRunAction({ runId })).toMatchObject({ ok: false, error: expect.stringMatching(/not stopped at a failed step/) });
    expect(await abortRunAction({ runId })).toMatchObject({ ok: false, error: expect.stringMatching(/Only a run stopped at a failed step can be aborted/) });
  });

  it("shows a run to its application's owner and the platform team, and to no other owner", async () => {
    const run = await t.db.failoverRun.findFirstOrThrow({ where: { application: { name: "ledger" } } });
    const owner = await t.db.user.findUniqueOrThrow({ where: { email: "ledger-owner@test.example" } });
    const stranger = await actAs(t.db, "OWNER", "someone-else@test.example");
    const approver = await t.db.user.findUniqueOrThrow({ where: { email: "approver@test.example" } });
    expect(await getRunFor(t.db, run.id, owner)).toMatchObject({ id: run.id, application: "ledger", steps: expect.any(Array) });
    expect(await getRunFor(t.db, run.id, approver)).toMatchObject({ id: run.id });
    expect(await getRunFor(t.db, run.id, stranger)).toBeNull();
  });
});
