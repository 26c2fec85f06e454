import { beforeAll, describe, expect, it, vi } from "vitest";
import { loadBlockRange } from "@/lib/config/block-range";
import { provisionApplication } from "@/lib/provisioning/provision-application";
import { regionClients } from "@/lib/regions/region-clients";
import { actAs, prepareActionsAgainstSimulator } from "@/tests/act-as";
import { anOrder, approveAnOrder } from "@/tests/orders";
import { eventually, startTestSimulator } from "@/tests/simulator";
import { queryDatabase, type TestDatabase } from "@/tests/test-database";
import { startJobWorkers } from "@/lib/jobs/job-queue";
import { PORTAL_JOB_HANDLERS } from "@/lib/workers/portal-workers";
import { repairPairingAction } from "./repair-pairing";
import { retryProvisioningAction } from "./retry-provisioning";
import { verifyPairingAction } from "./verify-pairing";

vi.mock("@/lib/auth/session", async () => (await import("@/tests/act-as")).sessionMock());
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const sim = await startTestSimulator();
let t: TestDatabase;

beforeAll(async () => {
  t = await prepareActionsAgainstSimulator(sim.dir);
  const owner = await actAs(t.db, "OWNER", "app-owner@test.example");
  const approver = await actAs(t.db, "APPROVER", "approver@test.example");
  const application = await approveAnOrder(t.db, anOrder({ applicationName: "vault", environments: ["prod"] }), owner, approver);
  await provisionApplication(t.db, regionClients(), application.id, loadBlockRange({}));
});

describe("provisioning as a durable job", () => {
  it("runs once when two portal replicas work the queue, and ends ready", async () => {
    const replicas = await Promise.all([1, 2].map(() => startJobWorkers(t.url, PORTAL_JOB_HANDLERS, { pollingIntervalSeconds: 0.5 })));
    try {
      const owner = await actAs(t.db, "OWNER", "app-owner@test.example");
      const approver = await actAs(t.db, "APPROVER", "approver@test.example");
      const { orders } = await approveAnOrder(t.db, anOrder({ profile: "MULTI_SITE", applicationName: "twice", environments: ["prod"] }), owner, approver);
      const application = await eventually(async () => {
        const app = await t.db.application.findUnique({ where: { name: "twice" } });
        return app?.status === "READY" ? app : null;
      }, 20_000);
      expect(await t.db.auditEvent.count({ where: { applicationId: application.id, action: "application.ready" } })).toBe(1);
      const jobs = await queryDatabase<{ state: string }>(t.url, `SELECT state FROM pgboss.job WHERE name = 'provision-application' AND data->>'applicationId' = '${application.id}'`);
      expect(jobs).toEqual([{ state: "completed" }]);
      expect((await t.db.order.findUniqueOrThrow({ where: { id: orders[0]!.id } })).status).toBe("READY");
    } finally {
      await Promise.all(replicas.map((stop) => stop()));
    }
  });
});

describe("application actions", () => {
  it("lets the owner verify their own application's pairing, and nobody else's owner", async () => {
    await actAs(t.db, "OWNER", "app-owner@test.example");
    expect(await verifyPairingAction({ applicationName: "vault" })).toMatchObject({ ok: true, data: { paired: true, namespaces: [{ state: "paired" }, { state: "paired" }] } });
    await actAs(t.db, "OWNER", "someone-else@test.example");
    expect(await verifyPairingAction({ applicationName: "vault" })).toEqual({ ok: false, code: "not-found", error: "That application does not exist or is not yours." });
  });

  it("keeps repair and retry to the platform team", async () => {
    await actAs(t.db, "OWNER", "app-owner@test.example");
    expect(await repairPairingAction({ applicationName: "vault" })).toMatchObject({ ok: false, error: expect.stringMatching(/^Only approver \(platform team\) or administrator can repair/) });
    expect(await retryProvisioningAction({ applicationName: "vault" })).toMatchObject({ ok: false, error: expect.stringMatching(/^Only approver \(platform team\) or administrator can retry provisioning/) });
    await actAs(t.db, "APPROVER", "approver@test.example");
    expect(await retryProvisioningAction({ applicationName: "vault" })).toEqual({ ok: false, code: "conflict", error: "vault is already ready; nothing to retry. Use “verify pairing” to check its namespaces." });
    expect(await repairPairingAction({ applicationName: "vault" })).toMatchObject({ ok: true, data: { paired: true, repaired: 0 } });
  });
});
