import { getApplicationFor } from "@/lib/applications/get-application";
import { listApplications } from "@/lib/applications/list-applications";
import { can } from "@/lib/auth/roles";
import { currentChangeSchema } from "@/lib/changes/current-change-schema";
import { pendingOrderOf } from "@/lib/changes/pending-order";
import { requestChange } from "@/lib/changes/request-change";
import { db } from "@/lib/db/client";
import { driftOf } from "@/lib/dr-sync/dr-namespaces";
import { requestDrSync } from "@/lib/dr-sync/request-dr-sync";
import { abortRun } from "@/lib/failover/abort-run";
import { currentFenceOf } from "@/lib/failover/fence-regions";
import { getRunFor, runsOfApplication } from "@/lib/failover/get-run";
import { resumeRun } from "@/lib/failover/resume-run";
import { startRun, StartRunInput } from "@/lib/failover/start-run";
import { decideOrder, DecisionBody } from "@/lib/orders/decide-order";
import { listApprovalQueue, listOrdersOf } from "@/lib/orders/list-orders";
import { currentOrderSchema } from "@/lib/orders/order-rule-settings";
import { submitOrder } from "@/lib/orders/submit-order";
import { regionClients } from "@/lib/regions/region-clients";
import { defineApiRoute } from "./define-api-route";
import { config } from "@/lib/config";

// The /api/v1 operations, each the same lib/ function the pages and server actions use. The
// route files under app/api/v1 only bind these to paths; openapi.ts describes them.

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

export const listApplicationsRoute = defineApiRoute({ name: "application.list" }, async (_, { actor }) => ({
  applications: (await listApplications(db(), actor)).map((a) => ({ name: a.name, profile: a.profile, status: a.status, activeRegion: a.activeRegion?.name ?? null, costCenter: a.costCenter })),
}));

export const getApplicationRoute = defineApiRoute({ name: "application.read" }, async (_, { actor, params }) => {
  const application = await getApplicationFor(db(), params.name!, actor);
  if (!application) return null;
  const [runs, pending, fence] = await Promise.all([runsOfApplication(db(), application.id, 20), pendingOrderOf(db(), application.id), currentFenceOf(db(), application.id)]);
  const provisioningErrors = [application.lastError, ...application.namespaces.map((ns) => ns.lastError && `${ns.region.name}/${ns.name}: ${ns.lastError}`)].filter(Boolean);
  return {
    name: application.name,
    profile: application.profile,
    status: application.status,
    activeRegion: application.activeRegion?.name ?? null,
    costCenter: application.costCenter,
    quotaSize: application.quotaSize,
    namespaces: application.namespaces.map((ns) => ({ name: ns.name, region: ns.region.name, role: ns.role, status: ns.status, error: ns.lastError })),
    // Why provisioning has not finished, and the change or retirement in play with why it stopped, when one did.
    provisioningError: provisioningErrors.length ? provisioningErrors.join("\n") : null,
    // Phase and conditions, each with when it last changed (DR applications).
    drState: application.drState,
    // After a forced failover: the region that must be (or was) scaled to 0 before anything else runs.
    fence,
    pendingOrder: pending && { id: pending.order.id, kind: pending.order.kind, status: pending.order.status, error: pending.order.lastError, message: pending.message },
    runs: runs.map((r) => ({ id: r.id, kind: r.kind, status: r.status, from: r.fromRegion.name, to: r.toRegion.name, createdAt: iso(r.createdAt), rtoSeconds: r.rtoSeconds })),
  };
});

export const listOrdersRoute = defineApiRoute({ name: "order.list" }, async (_, { actor }) => {
  const orders = can(actor.role, "order:decide") ? await listApprovalQueue(db()) : await listOrdersOf(db(), actor.id);
  return { orders: orders.map((o) => ({ id: o.id, kind: o.kind, applicationName: o.applicationName, profile: o.profile, status: o.status, costCenter: o.costCenter, createdAt: iso(o.createdAt) })) };
});

export const submitOrderRoute = defineApiRoute({ name: "order.submit", permission: "order:create", forbiddenTo: "order environments", body: () => currentOrderSchema(db()), status: 201 }, async (input, { actor, requestId }) => {
  const order = await submitOrder(db(), input, { ...actor, requestId }, config().orders);
  return { id: order.id, applicationName: order.applicationName, status: order.status, estimatedMonthlyCost: order.estimatedMonthlyCost };
});

export const decideOrderRoute = defineApiRoute({ name: "order.decide", permission: "order:decide", forbiddenTo: "approve or reject orders", body: DecisionBody }, async (input, { actor, requestId, params }) => {
  const order = await decideOrder(db(), { ...input, orderId: params.id! }, { ...actor, requestId }, config().orders);
  return { id: order.id, status: order.status };
});

export const startRunRoute = defineApiRoute(
  { name: "run.start", permission: "run:start", forbiddenTo: "fail applications over, fail them back or start DR drills", body: StartRunInput, status: 201 },
  async (input, { actor, requestId }) => {
    const { runId } = await startRun(db(), input, { ...actor, requestId });
    return { id: runId, url: `/api/v1/runs/${runId}` };
  },
);

export const getRunRoute = defineApiRoute({ name: "run.read" }, async (_, { actor, params }) => {
  const run = await getRunFor(db(), params.id!, actor);
  if (!run) return null;
  // A run WAITING for a person says what a pipeline may do about it, and where.
  const actions = run.next && can(actor.role, "run:start") ? { ...(run.next.retry ? { retry: `/api/v1/runs/${run.id}/retry` } : {}), ...(run.next.abort ? { abort: `/api/v1/runs/${run.id}/abort` } : {}) } : null;
  return { ...run, actions };
});

// A run stopped at a failed step, taken on by a pipeline: the same rules, roles and audit as the run page's buttons.
export const retryRunRoute = defineApiRoute({ name: "run.retry", permission: "run:start", forbiddenTo: "retry a failover step", status: 202 }, async (_, { actor, requestId, params }) => {
  await resumeRun(db(), params.id!, { ...actor, requestId });
  return { id: params.id!, status: "PENDING" as const, url: `/api/v1/runs/${params.id}` };
});

export const abortRunRoute = defineApiRoute({ name: "run.abort", permission: "run:start", forbiddenTo: "abort a failover run", status: 202 }, async (_, { actor, requestId, params }) => {
  await abortRun(db(), params.id!, { ...actor, requestId });
  return { id: params.id!, status: "PENDING" as const, rollingBack: true, url: `/api/v1/runs/${params.id}` };
});

// DR sync, for a pipeline that syncs the passive namespace after each deploy and checks drift.
export const requestDrSyncRoute = defineApiRoute(
  { name: "application.request_dr_sync", permission: "application:sync", forbiddenTo: "sync an application's DR namespace", status: 202 },
  async (_, { actor, requestId, params }) => {
    const application = await getApplicationFor(db(), params.name!, actor);
    if (!application) return null;
    const { sync, alreadyPending } = await requestDrSync(db(), application.id, "API", { ...actor, requestId });
    return { id: sync.id, status: sync.status, alreadyPending, url: `/api/v1/applications/${application.name}/drift` };
  },
);

// A change of an existing application (quota size, more regions for multi-site), as an order for the approvers.
export const requestChangeRoute = defineApiRoute(
  { name: "application.request_change", permission: "order:create", forbiddenTo: "ask to change applications", body: async () => (await currentChangeSchema(db())).omit({ applicationName: true }), status: 201 },
  async (input, { actor, requestId, params }) => {
    const application = await getApplicationFor(db(), params.name!, actor);
    if (!application) return null;
    const order = await requestChange(db(), regionClients(), { ...input, applicationName: application.name }, { ...actor, requestId }, config().orders);
    return { id: order.id, kind: order.kind, status: order.status, quotaSize: order.quotaSize, addRegions: order.regions.map((r) => r.region.name), estimatedMonthlyCost: order.estimatedMonthlyCost, changeFrom: order.changeFrom };
  },
);

export const getDriftRoute = defineApiRoute({ name: "application.read_drift" }, async (_, { actor, params }) => {
  const application = await getApplicationFor(db(), params.name!, actor);
  if (!application) return null;
  const { active, passive, checkedAt, drift, skipped } = await driftOf(db(), regionClients(), application.id);
  const syncs = await db().drSync.findMany({ where: { applicationId: application.id }, orderBy: { createdAt: "desc" }, take: 10 });
  return {
    active,
    passive,
    checkedAt: iso(checkedAt),
    inSync: drift.length === 0,
    drift,
    skipped,
    syncs: syncs.map((s) => ({ id: s.id, status: s.status, trigger: s.trigger, createdAt: iso(s.createdAt), finishedAt: iso(s.finishedAt), changes: s.changes, error: s.error })),
  };
});
