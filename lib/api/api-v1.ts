import { getApplicationFor } from "@/lib/applications/get-application";
import { listApplicationsAfter } from "@/lib/applications/list-applications";
import { usersAddressOf } from "@/lib/applications/users-address";
import { can } from "@/lib/auth/roles";
import type { ChangeFrom } from "@/lib/changes/change-rules";
import { currentChangeSchema } from "@/lib/changes/current-change-schema";
import { pendingOrderOf } from "@/lib/changes/pending-order";
import { requestChange } from "@/lib/changes/request-change";
import { db } from "@/lib/db/client";
import { driftOf } from "@/lib/dr-sync/dr-namespaces";
import { listDrSyncs } from "@/lib/dr-sync/list-dr-syncs";
import { requestDrSync } from "@/lib/dr-sync/request-dr-sync";
import { abortRun } from "@/lib/failover/abort-run";
import type { DrState } from "@/lib/failover/dr-state";
import { currentFenceOf } from "@/lib/failover/fence-regions";
import { getRunFor, runsOfApplication } from "@/lib/failover/get-run";
import { resumeRun } from "@/lib/failover/resume-run";
import { startRun, StartRunInput } from "@/lib/failover/start-run";
import { decideOrder, DecisionBody } from "@/lib/approvals/decide-order";
import { listOrdersAfter } from "@/lib/orders/list-orders";
import { currentOrderSchema } from "@/lib/orders/order-rule-settings";
import { submitOrder } from "@/lib/orders/submit-order";
import { regionClients } from "@/lib/regions/region-clients";
import { defineApiRoute } from "./define-api-route";
import { ApplicationBody, ApplicationList, ChangeOrder, DecidedOrder, DriftBody, OrderList, QueuedSync, RequeuedRun, RunBody, StartedRun, SubmittedOrder } from "./responses";
import { config } from "@/lib/config/config";
import { KeysetQuery } from "@/lib/lists/keyset";

// The /api/v1 operations, each the same lib/ function the pages and server actions use. The
// route files under app/api/v1 only bind these to paths; openapi.ts describes them.

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

export const listApplicationsRoute = defineApiRoute(
  { name: "application.list", method: "GET", path: "/applications", summary: "The applications the token's user may see, by name, a page at a time", query: KeysetQuery, response: { name: "ApplicationList", schema: ApplicationList, description: "Applications" } },
  async (_, { actor, query }) => {
    const page = await listApplicationsAfter(db(), actor, query);
    return { applications: page.items.map((a) => ({ name: a.name, profile: a.profile, status: a.status, activeRegion: a.activeRegion?.name ?? null, costCenter: a.costCenter })), nextCursor: page.nextCursor };
  },
);

export const getApplicationRoute = defineApiRoute(
  {
    name: "application.read",
    method: "GET",
    path: "/applications/{name}",
    summary: "One application with its namespaces, DR state, fence, change in play and latest runs",
    response: { name: "Application", schema: ApplicationBody, description: "The application" },
  },
  async (_, { actor, params }) => {
    const application = await getApplicationFor(db(), params.name!, actor);
    if (!application) return null;
    const regions = [...new Set(application.namespaces.map((ns) => ns.region.name))];
    const [runs, pending, fence, usersReach] = await Promise.all([
      runsOfApplication(db(), application.id, 20),
      pendingOrderOf(db(), application.id),
      currentFenceOf(db(), application.id),
      usersAddressOf(regionClients(), application.name, regions),
    ]);
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
      drState: application.drState as DrState | null,
      // After a forced failover: the region that must be (or was) scaled to 0 before anything else runs.
      fence,
      // The address users reach, and the region it takes them to now (read from the authoritative DNS server).
      usersReach,
      pendingOrder: pending && { id: pending.order.id, kind: pending.order.kind, status: pending.order.status, error: pending.order.lastError, message: pending.message },
      runs: runs.map((r) => ({ id: r.id, kind: r.kind, status: r.status, from: r.fromRegion.name, to: r.toRegion.name, createdAt: r.createdAt.toISOString(), rtoSeconds: r.rtoSeconds })),
    };
  },
);

export const listOrdersRoute = defineApiRoute(
  { name: "order.list", method: "GET", path: "/orders", summary: "Own orders (owners) or the approval queue (approvers), a page at a time", query: KeysetQuery, response: { name: "OrderList", schema: OrderList, description: "Orders" } },
  async (_, { actor, query }) => {
    // Approvers get the queue, oldest first; owners their own orders, newest first.
    const queue = can(actor.role, "order:decide");
    const page = await listOrdersAfter(db(), queue ? {} : { requesterId: actor.id }, queue ? "asc" : "desc", query);
    return { orders: page.items.map((o) => ({ id: o.id, kind: o.kind, applicationName: o.applicationName, profile: o.profile, status: o.status, costCenter: o.costCenter, createdAt: o.createdAt.toISOString() })), nextCursor: page.nextCursor };
  },
);

export const submitOrderRoute = defineApiRoute(
  {
    name: "order.submit",
    method: "POST",
    path: "/orders",
    summary: "Submit an order: a new application by profile, for the approvers",
    permission: "order:create",
    forbiddenTo: "order environments",
    body: { name: "OrderInput", schema: () => currentOrderSchema(db()) },
    response: { name: "SubmittedOrder", schema: SubmittedOrder, description: "The submitted order" },
    status: 201,
    refusals: { invalid: "A field is wrong, the name is taken by an application or an open order, or a region can no longer be ordered in: fieldErrors says which" },
  },
  async (input, { actor, requestId }) => {
    const order = await submitOrder(db(), input, { ...actor, requestId }, config().orders);
    return { id: order.id, applicationName: order.applicationName, status: order.status, estimatedMonthlyCost: order.estimatedMonthlyCost };
  },
);

export const decideOrderRoute = defineApiRoute(
  {
    name: "order.decide",
    method: "POST",
    path: "/orders/{id}/decision",
    summary: "Approve or reject a submitted order; an approval starts its provisioning, change or retirement",
    permission: "order:decide",
    forbiddenTo: "approve or reject orders",
    body: { name: "Decision", schema: DecisionBody },
    response: { name: "DecidedOrder", schema: DecidedOrder, description: "The decided order" },
    refusals: { "not-found": "There is no such order", conflict: "The order was already decided, or cancelled" },
  },
  async (input, { actor, requestId, params }) => {
    const order = await decideOrder(db(), { ...input, orderId: params.id! }, { ...actor, requestId }, config().orders);
    return { id: order.id, status: order.status };
  },
);

export const startRunRoute = defineApiRoute(
  {
    name: "run.start",
    method: "POST",
    path: "/runs",
    summary: "Start a failover, failback or DR drill (the same guard as the button: a reason and the application's name as confirmation)",
    permission: "run:start",
    forbiddenTo: "fail applications over, fail them back or start DR drills",
    body: { name: "StartRun", schema: StartRunInput },
    response: { name: "StartedRun", schema: StartedRun, description: "The started run: poll its url" },
    status: 201,
    refusals: { "not-found": "There is no such application", conflict: "Another run is active for the application, it is not in a state to run, or an old region still needs fencing" },
  },
  async (input, { actor, requestId }) => {
    const { runId } = await startRun(db(), input, { ...actor, requestId });
    return { id: runId, url: `/api/v1/runs/${runId}` };
  },
);

export const getRunRoute = defineApiRoute(
  {
    name: "run.read",
    method: "GET",
    path: "/runs/{id}",
    summary: "A run and its steps: status (PENDING, RUNNING, SUCCEEDED, WAITING for a person to retry or abort, ABORTED), times, output, error, RTO and data point; a WAITING run lists the urls of what the token's user may do in `actions`",
    response: { name: "Run", schema: RunBody, description: "The run" },
  },
  async (_, { actor, params }) => {
    const run = await getRunFor(db(), params.id!, actor);
    if (!run) return null;
    // A run WAITING for a person says what a pipeline may do about it, and where.
    const actions = run.next && can(actor.role, "run:start") ? { ...(run.next.retry ? { retry: `/api/v1/runs/${run.id}/retry` } : {}), ...(run.next.abort ? { abort: `/api/v1/runs/${run.id}/abort` } : {}) } : null;
    return { ...run, actions };
  },
);

// A run stopped at a failed step, taken on by a pipeline: the same rules, roles and audit as the run page's buttons.
export const retryRunRoute = defineApiRoute(
  {
    name: "run.retry",
    method: "POST",
    path: "/runs/{id}/retry",
    summary: "Try a WAITING run's failed step again, and everything after it",
    permission: "run:start",
    forbiddenTo: "retry a failover step",
    response: { name: "RequeuedRun", schema: RequeuedRun, description: "The run is queued again: poll its url" },
    status: 202,
    refusals: { "not-found": "There is no such run", conflict: "The run is not waiting for a person" },
  },
  async (_, { actor, requestId, params }) => {
    await resumeRun(db(), params.id!, { ...actor, requestId });
    return { id: params.id!, status: "PENDING" as const, url: `/api/v1/runs/${params.id}` };
  },
);

export const abortRunRoute = defineApiRoute(
  {
    name: "run.abort",
    method: "POST",
    path: "/runs/{id}/abort",
    summary: "Abort a WAITING run: a rollback step deletes its pending transfers and starts the source again (a drill tears down), then the run ends ABORTED",
    permission: "run:start",
    forbiddenTo: "abort a failover run",
    response: { name: "RequeuedRun", schema: RequeuedRun, description: "The rollback is queued: poll the run's url" },
    status: 202,
    refusals: { "not-found": "There is no such run", conflict: "The run is not waiting, or its volumes already moved (retry instead)" },
  },
  async (_, { actor, requestId, params }) => {
    await abortRun(db(), params.id!, { ...actor, requestId });
    return { id: params.id!, status: "PENDING" as const, rollingBack: true, url: `/api/v1/runs/${params.id}` };
  },
);

// DR sync, for a pipeline that syncs the passive namespace after each deploy and checks drift.
export const requestDrSyncRoute = defineApiRoute(
  {
    name: "application.request_dr_sync",
    method: "POST",
    path: "/applications/{name}/sync",
    summary: "Sync the DR application's passive namespace with the active one (after a deploy, say); returns the queued sync, or the one already queued",
    permission: "application:sync",
    forbiddenTo: "sync an application's DR namespace",
    response: { name: "QueuedSync", schema: QueuedSync, description: "The queued sync: read its outcome from the drift url" },
    status: 202,
    refusals: { conflict: "Not a ready DR application, or an old region still needs fencing" },
  },
  async (_, { actor, requestId, params }) => {
    const application = await getApplicationFor(db(), params.name!, actor);
    if (!application) return null;
    const { sync, alreadyPending } = await requestDrSync(db(), application.id, "API", { ...actor, requestId });
    return { id: sync.id, status: sync.status, alreadyPending, url: `/api/v1/applications/${application.name}/drift` };
  },
);

// A change of an existing application (quota size, more regions for multi-site), as an order for the approvers.
export const requestChangeRoute = defineApiRoute(
  {
    name: "application.request_change",
    method: "POST",
    path: "/applications/{name}/changes",
    summary: "Ask to change the application: another quota size, or (multi-site) more regions; becomes an order of kind CHANGE for the approvers, with the cost before and after",
    permission: "order:create",
    forbiddenTo: "ask to change applications",
    body: { name: "ChangeInput", schema: async () => (await currentChangeSchema(db())).omit({ applicationName: true }) },
    response: { name: "ChangeOrder", schema: ChangeOrder, description: "The change order, submitted" },
    status: 201,
    refusals: { invalid: "The change is not possible as asked (fieldErrors say why), or a region to add did not answer", conflict: "The application is not ready, or another change or its retirement is in play" },
  },
  async (input, { actor, requestId, params }) => {
    const application = await getApplicationFor(db(), params.name!, actor);
    if (!application) return null;
    const order = await requestChange(db(), regionClients(), { ...input, applicationName: application.name }, { ...actor, requestId }, config().orders);
    return { id: order.id, kind: order.kind, status: order.status, quotaSize: order.quotaSize, addRegions: order.regions.map((r) => r.region.name), estimatedMonthlyCost: order.estimatedMonthlyCost, changeFrom: order.changeFrom as ChangeFrom | null };
  },
);

export const getDriftRoute = defineApiRoute(
  {
    name: "application.read_drift",
    method: "GET",
    path: "/applications/{name}/drift",
    summary: "What differs now between the active and the passive namespace (added, changed, removed by kind and name), what cannot be carried, and the latest syncs",
    response: { name: "Drift", schema: DriftBody, description: "The drift and sync history" },
    refusals: { conflict: "Not a ready DR application" },
  },
  async (_, { actor, params }) => {
    const application = await getApplicationFor(db(), params.name!, actor);
    if (!application) return null;
    const { active, passive, checkedAt, drift, skipped } = await driftOf(db(), regionClients(), application.id);
    const syncs = await listDrSyncs(db(), application.id, 10);
    return {
      active,
      passive,
      checkedAt: checkedAt.toISOString(),
      inSync: drift.length === 0,
      drift,
      skipped,
      syncs: syncs.map((s) => ({ id: s.id, status: s.status, trigger: s.trigger, createdAt: s.createdAt.toISOString(), finishedAt: iso(s.finishedAt), changes: s.changes, error: s.error })),
    };
  },
);

/** Every /api/v1 operation, for the OpenAPI document; each route file under app/api/v1 binds one of these. */
export const API_V1_ROUTES = [
  listApplicationsRoute,
  getApplicationRoute,
  requestDrSyncRoute,
  requestChangeRoute,
  getDriftRoute,
  listOrdersRoute,
  submitOrderRoute,
  decideOrderRoute,
  startRunRoute,
  getRunRoute,
  retryRunRoute,
  abortRunRoute,
];
