import path from "node:path";
import * as k8s from "@kubernetes/client-node";
import { beforeAll, describe, expect, it } from "vitest";
import { UserFacingError } from "@/lib/errors";
import { cancelOrder } from "@/lib/orders/cancel-order";
import { decideOrder } from "@/lib/approvals/decide-order";
import { QUOTA_INFO } from "@/lib/quotas/quotas";
import { type OrderInput } from "@/lib/orders/order-rules";
import { loadBlockRange } from "@/lib/config/block-range";
import { provisionApplication } from "@/lib/provisioning/provision-application";
import { SCC_MCS, SCC_SUPPLEMENTAL_GROUPS, SCC_UID_RANGE } from "@/lib/selinux/security-block";
import { createRegionClients, type RegionClients } from "@/lib/regions/region-clients";
import { loadRegionConfig } from "@/lib/regions/region-config";
import { syncRegions } from "@/lib/regions/sync-regions";
import { requestRetirement } from "@/lib/retirement/request-retirement";
import { anOrder, approveAnOrder, TEST_ORDER_SETTINGS } from "@/tests/orders";
import { startTestSimulator } from "@/tests/simulator";
import { createTestDatabase, queryDatabase, type TestDatabase } from "@/tests/test-database";
import { applyChange } from "./apply-change";
import { requestChange } from "./request-change";
import { retryChange } from "./retry-change";

// Changing an application after the fact goes through the same order-and-approve path as
// ordering it: the owner asks, an approver decides, a job applies it in every region. A region
// added gets a namespace with the application's own SELinux level and UID range, never one that
// another namespace there already holds.

const sim = await startTestSimulator({ regions: ["europe-west", "europe-east", "europe-north"], seed: false });
const configs = loadRegionConfig({ CONTINUUM_KUBECONFIG: path.join(sim.dir, "kubeconfig"), CONTINUUM_CLOUDS_YAML: path.join(sim.dir, "clouds.yaml") });
const clients: RegionClients = createRegionClients(configs, { attempts: 1, baseDelayMs: 10, timeoutMs: 2000 });
let t: TestDatabase;
let owner: { id: string; email: string; role: "OWNER" };
let approver: { id: string; email: string };

const configOf = (region: string) => {
  const config = new k8s.KubeConfig();
  config.loadFromFile(path.join(sim.dir, "kubeconfig"));
  config.setCurrentContext(region);
  return config;
};
const core = (region: string) => configOf(region).makeApiClient(k8s.CoreV1Api);
const liveQuota = async (region: string, namespace: string) => (await core(region).readNamespacedResourceQuota({ name: "continuum-quota", namespace })).spec!.hard!;
const liveScc = async (region: string, namespace: string) => {
  const annotations = (await core(region).readNamespace({ name: namespace })).metadata!.annotations!;
  return [annotations[SCC_MCS], annotations[SCC_UID_RANGE], annotations[SCC_SUPPLEMENTAL_GROUPS]];
};
const why = "The shop opens in the Nordics in spring and needs a third region for quorum.";

async function readyApplication(order: Partial<OrderInput>) {
  const application = await approveAnOrder(t.db, anOrder({ ownerGroup: "team-x", costCenter: "CC-42", ...order }), owner, approver);
  expect((await provisionApplication(t.db, clients, application.id, loadBlockRange({}))).status).toBe("READY");
  return application;
}
const ask = (applicationName: string, change: { quotaSize: "SMALL" | "MEDIUM" | "LARGE"; addRegions?: string[] }, who = owner) =>
  requestChange(t.db, clients, { applicationName, addRegions: [], justification: why, ...change }, who, TEST_ORDER_SETTINGS);
const approve = (orderId: string) => decideOrder(t.db, { orderId, decision: "approve", note: "" }, approver, TEST_ORDER_SETTINGS);
const queuedChangeJobs = async (orderId: string) => (await queryDatabase<{ n: string }>(t.url, `SELECT count(*) AS n FROM pgboss.job WHERE name = 'apply-change' AND state = 'created' AND data->>'orderId' = '${orderId}'`))[0]!.n;
/** What pg-boss does to a job whose retries ran out (no worker runs in this file). */
const jobsRanOut = (orderId: string) => queryDatabase(t.url, `UPDATE pgboss.job SET state = 'failed' WHERE name = 'apply-change' AND data->>'orderId' = '${orderId}'`);

beforeAll(async () => {
  t = await createTestDatabase();
  await syncRegions(t.db, configs);
  owner = { ...(await t.db.user.create({ data: { email: "owner@change.example", name: "Owner", role: "OWNER", groups: ["team-x"] } })), role: "OWNER" };
  approver = await t.db.user.create({ data: { email: "approver@change.example", name: "Approver", role: "APPROVER" } });
  await readyApplication({ profile: "MULTI_SITE", applicationName: "mesh", regions: ["europe-west", "europe-east"], environments: ["prod"] });
});

describe("a change order: a multi-site application gains a region and a larger quota", () => {
  let orderId: string;

  it("is stored as a CHANGE order with the application as it was and the cost before and after; nothing changes yet", async () => {
    const order = await ask("mesh", { quotaSize: "LARGE", addRegions: ["europe-north"] });
    orderId = order.id;
    expect(order).toMatchObject({ kind: "CHANGE", status: "SUBMITTED", quotaSize: "LARGE", changeFrom: { quotaSize: "SMALL", regions: ["europe-east", "europe-west"] } });
    expect(order.regions.map((r) => r.region.name)).toEqual(["europe-north"]);
    // Two small production namespaces become three large ones.
    expect((order.changeFrom as { estimatedMonthlyCost: number }).estimatedMonthlyCost).toBe(Math.round(120 * 1.1) * 2);
    expect(order.estimatedMonthlyCost).toBe(Math.round(1200 * 1.1) * 3);
    expect(await t.db.application.findUniqueOrThrow({ where: { name: "mesh" } })).toMatchObject({ quotaSize: "SMALL", status: "READY" });
    expect(await clients.cluster("europe-north").getNamespace("mesh-prod")).toBeNull();
  });

  it("refuses a second change while this one waits, and a retirement too", async () => {
    await expect(ask("mesh", { quotaSize: "MEDIUM" })).rejects.toThrow(`A change of mesh is already waiting for approval (/orders/${orderId}).`);
    await expect(requestRetirement(t.db, clients, { applicationName: "mesh", justification: why }, owner, TEST_ORDER_SETTINGS)).rejects.toThrow(/A change of mesh is already waiting/);
  });

  it("on approval takes the new size and a pending namespace in the new region, queues its job, and stays ready for failovers", async () => {
    await approve(orderId);
    const application = await t.db.application.findUniqueOrThrow({ where: { name: "mesh" }, include: { namespaces: { include: { region: true } } } });
    expect(application).toMatchObject({ status: "READY", quotaSize: "LARGE" });
    expect(application.namespaces.map((ns) => `${ns.region.name}/${ns.name}:${ns.status}`).sort()).toEqual(["europe-east/mesh-prod:CREATED", "europe-north/mesh-prod:PENDING", "europe-west/mesh-prod:CREATED"]);
    expect(await queuedChangeJobs(orderId)).toBe("1");
  });

  it("the job creates the new namespace with the same SELinux level and UID range, and the new quota everywhere; running it again changes nothing", async () => {
    expect(await applyChange(t.db, clients, orderId)).toEqual({ status: "READY", failed: [] });
    expect(await applyChange(t.db, clients, orderId)).toEqual({ status: "READY", failed: [] });
    const west = await liveScc("europe-west", "mesh-prod");
    expect(west[0]).toMatch(/^s0:c\d+,c\d+$/);
    expect(await liveScc("europe-north", "mesh-prod")).toEqual(west);
    for (const region of ["europe-west", "europe-east", "europe-north"]) expect(await liveQuota(region, "mesh-prod")).toEqual(QUOTA_INFO.LARGE.hard);
    expect((await configOf("europe-north").makeApiClient(k8s.RbacAuthorizationV1Api).listNamespacedRoleBinding({ namespace: "mesh-prod" })).items.map((b) => b.subjects?.[0]?.name)).toEqual(["team-x"]);

    const order = await t.db.order.findUniqueOrThrow({ where: { id: orderId } });
    expect(order).toMatchObject({ status: "READY", lastError: null });
    const events = await t.db.auditEvent.findMany({ where: { applicationId: order.applicationId! }, orderBy: { at: "asc" } });
    const changed = events.filter((e) => e.action === "application.changed");
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatchObject({ before: { quotaSize: "SMALL", regions: ["europe-east", "europe-west"] }, after: { quotaSize: "LARGE", regions: ["europe-east", "europe-north", "europe-west"] } });
    expect(events.filter((e) => e.targetId === orderId).map((e) => e.action)).toEqual(["order.submitted", "order.approved", "order.provisioning", "order.ready"]);
  });
});

describe("what a change order refuses, changing nothing", () => {
  beforeAll(async () => {
    await readyApplication({ profile: "DR", applicationName: "ledger", environments: ["prod"] });
  });

  const refusal = async (attempt: Promise<unknown>) => {
    const ordersBefore = await t.db.order.count();
    const error = await attempt.then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(UserFacingError);
    expect(await t.db.order.count()).toBe(ordersBefore);
    return error as UserFacingError;
  };

  it("a region for a DR application, which has exactly a primary and a DR region", async () => {
    const error = await refusal(ask("ledger", { quotaSize: "SMALL", addRegions: ["europe-north"] }));
    expect(error.fieldErrors?.addRegions).toEqual(["A DR application has exactly a primary and a DR region. Only a multi-site application can gain regions; order a new multi-site application instead."]);
  });

  it("the application as it is, and a region it already runs in", async () => {
    expect((await refusal(ask("ledger", { quotaSize: "SMALL" }))).fieldErrors?.quotaSize).toEqual(["That is the application as it is now: choose another quota size or a region to add."]);
    expect((await refusal(ask("mesh", { quotaSize: "LARGE", addRegions: ["europe-west"] }))).fieldErrors?.addRegions).toEqual(["mesh already runs in europe-west."]);
  });

  it("someone else's application", async () => {
    const stranger = { ...(await t.db.user.create({ data: { email: "stranger@change.example", name: "Stranger", role: "OWNER" } })), role: "OWNER" as const };
    expect((await refusal(ask("ledger", { quotaSize: "LARGE" }, stranger))).message).toBe("That application does not exist or is not yours to change.");
  });

  it("a region that does not answer, or where another namespace holds the application's SELinux level", async () => {
    await readyApplication({ profile: "MULTI_SITE", applicationName: "grid", regions: ["europe-west", "europe-east"], environments: ["prod"] });
    await sim.admin("PUT", "/regions/europe-north/faults", { down: true });
    try {
      expect((await refusal(ask("grid", { quotaSize: "SMALL", addRegions: ["europe-north"] }))).fieldErrors?.addRegions?.[0]).toMatch(/^europe-north did not answer \(.+\)\. Nothing was ordered; try again when it is back\.$/);
    } finally {
      await sim.admin("DELETE", "/faults");
    }
    const [mcs, uidRange] = await liveScc("europe-west", "grid-prod");
    await clients.cluster("europe-north").createNamespace({ name: "hand-made", annotations: { [SCC_MCS]: mcs!, [SCC_UID_RANGE]: uidRange! } });
    try {
      const error = await refusal(ask("grid", { quotaSize: "SMALL", addRegions: ["europe-north"] }));
      expect(error.fieldErrors?.addRegions).toEqual([`In europe-north, hand-made already uses grid's SELinux level ${mcs}. Two applications cannot share it; the platform team has to move or remove it first.`]);
    } finally {
      await clients.cluster("europe-north").deleteNamespace("hand-made");
    }
  });
});

describe("a change that cannot be applied at first", () => {
  it("stops with the reason on the order, fails on the last attempt, and finishes when retried after the cause is removed", async () => {
    const order = await ask("grid", { quotaSize: "MEDIUM", addRegions: ["europe-north"] });
    await approve(order.id);
    // Between the approval and the job, someone gives grid's level to a namespace of their own.
    const [mcs, uidRange] = await liveScc("europe-west", "grid-prod");
    await clients.cluster("europe-north").createNamespace({ name: "squatter", annotations: { [SCC_MCS]: mcs!, [SCC_UID_RANGE]: uidRange! } });

    const stopped = await applyChange(t.db, clients, order.id);
    expect(stopped.status).toBe("PROVISIONING");
    expect(stopped.failed).toEqual([{ region: "europe-north", namespace: "grid-prod", error: `squatter in europe-north already holds grid's SELinux level ${mcs}; move or remove it, then retry` }]);
    expect(await clients.cluster("europe-north").getNamespace("grid-prod")).toBeNull();
    // The quota of the namespaces that exist is applied regardless: they are not held up.
    expect(await liveQuota("europe-west", "grid-prod")).toEqual(QUOTA_INFO.MEDIUM.hard);
    expect((await applyChange(t.db, clients, order.id, { finalAttempt: true })).status).toBe("FAILED");
    await jobsRanOut(order.id);
    expect(await t.db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({ status: "FAILED", lastError: expect.stringContaining("squatter") });
    expect(await t.db.application.findUniqueOrThrow({ where: { name: "grid" } })).toMatchObject({ status: "READY" });
    await expect(ask("grid", { quotaSize: "LARGE" })).rejects.toThrow(`The last change of grid did not finish (/orders/${order.id}); the platform team retries it first.`);

    // Retiring it may still be asked for (it removes what the change left); meanwhile the change is not retried.
    const retirement = await requestRetirement(t.db, clients, { applicationName: "grid", justification: why }, owner, TEST_ORDER_SETTINGS);
    await expect(retryChange(t.db, order.id, approver)).rejects.toThrow(`Retiring grid was asked for since (/orders/${retirement.id}); decide that first: retiring removes what this change left.`);
    await cancelOrder(t.db, retirement.id, owner, TEST_ORDER_SETTINGS);

    await clients.cluster("europe-north").deleteNamespace("squatter");
    await retryChange(t.db, order.id, approver);
    expect(await t.db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({ status: "APPROVED" });
    expect(await queuedChangeJobs(order.id)).toBe("1");
    await expect(retryChange(t.db, order.id, approver)).rejects.toThrow("This change is approved; only a failed change is retried.");
    expect(await applyChange(t.db, clients, order.id)).toEqual({ status: "READY", failed: [] });
    expect(await liveScc("europe-north", "grid-prod")).toEqual(await liveScc("europe-west", "grid-prod"));
    expect(await liveQuota("europe-north", "grid-prod")).toEqual(QUOTA_INFO.MEDIUM.hard);
  });

  it("a quota change of a DR application reaches every namespace in both regions", async () => {
    await readyApplication({ profile: "DR", applicationName: "vault" });
    const order = await ask("vault", { quotaSize: "MEDIUM" });
    await approve(order.id);
    expect(await applyChange(t.db, clients, order.id)).toEqual({ status: "READY", failed: [] });
    for (const [region, namespace] of [["europe-west", "vault-prod"], ["europe-east", "vault-dr"], ["europe-east", "vault-dev"], ["europe-east", "vault-test"]] as const) {
      expect(await liveQuota(region, namespace)).toEqual(QUOTA_INFO.MEDIUM.hard);
    }
  });
});
