import Link from "next/link";
import { notFound } from "next/navigation";
import { CancelOrderButton } from "@/components/cancel-order-button";
import { OrderDecisionForm } from "@/components/order-decision-form";
import type { RetiredVolume } from "@/lib/retirement/application-volumes";
import { OrderStatusBadge } from "@/components/order-status-badge";
import { can } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { utcMinute } from "@/lib/format-time";
import { estimateMonthlyCost, formatMoney } from "@/lib/pricing/cost-model";
import { getOrderFor, orderHistory } from "@/lib/orders/list-orders";
import { planNamespaces, PROFILE_INFO, type Environment } from "@/lib/profiles/profiles";
import { QUOTA_INFO } from "@/lib/quotas/quotas";
import { orderNext, type OrderReader } from "@/lib/orders/order-status";
import { AutoRefresh } from "@/components/auto-refresh";
import { ChangeSummary } from "@/components/change-summary";
import { RetryButton } from "@/components/retry-button";
import { SimpleTable } from "@/components/simple-table";
import type { ChangeFrom } from "@/lib/changes/change-rules";
import type { OrderKind } from "@/lib/generated/prisma/enums";
import { config } from "@/lib/config/config";
import { Notice, Panel } from "@/components/panel";

export const metadata = { title: "Order" };

const HISTORY_LABELS: Record<string, string> = {
  "order.submitted": "Submitted",
  "order.approved": "Approved",
  "order.rejected": "Rejected",
  "order.cancelled": "Cancelled",
  "order.provisioning": "Work started",
  "order.failed": "Stopped short",
  "order.change_retried": "Retried",
};
const READY_LABEL: Record<OrderKind, string> = { NEW: "Ready in every region", CHANGE: "Applied in every region", RETIRE: "Retired in every region" };

export default async function OrderPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ submitted?: string }> }) {
  const user = await requireUser();
  const { id } = await params;
  const order = await getOrderFor(db(), id, user);
  // Someone else's order reads as missing to an owner: its existence is not theirs to know.
  if (!order) notFound();
  const [history, { submitted }] = await Promise.all([orderHistory(db(), id), searchParams]);
  const { costModel } = config().orders;
  const plan = planNamespaces({ profile: order.profile, applicationName: order.applicationName, environments: order.environments as Environment[], regions: order.regions.map((r) => r.region.name) });
  const estimate = estimateMonthlyCost(costModel, order.profile, order.quotaSize, plan);
  const mayDecide = order.status === "SUBMITTED" && can(user.role, "order:decide") && order.requesterId !== user.id;
  const mayCancel = order.status === "SUBMITTED" && order.requesterId === user.id;
  const reader: OrderReader = order.requesterId === user.id ? "requester" : can(user.role, "order:decide") ? "decider" : "reader";
  const changeFrom = order.kind === "CHANGE" ? (order.changeFrom as ChangeFrom) : null;

  return (
    <>
      <AutoRefresh active={order.status === "APPROVED" || order.status === "PROVISIONING"} />
      {submitted && order.status === "SUBMITTED" && (
        <Notice tone="success" role="status" title="Your order is submitted. The platform team has been told." />
      )}
      <div className="inline spread">
        <h1>
          {order.kind === "RETIRE" && "Retire "}
          {order.kind === "CHANGE" && "Change "}
          <span className="mono">{order.applicationName}</span> <OrderStatusBadge status={order.status} />
        </h1>
        {mayCancel && <CancelOrderButton orderId={order.id} applicationName={order.applicationName} />}
      </div>
      <p className="lead" data-testid="order-next">
        {orderNext(order.kind, order.status, reader)}
        {order.applicationId && (
          <>
            {" "}
            <Link href={`/applications/${order.applicationName}`}>Open the application</Link>
          </>
        )}
      </p>
      {order.lastError && (
        <Notice
          tone={order.status === "FAILED" ? "danger" : "info"}
          role="alert"
          data-testid="order-error"
          title={order.status === "FAILED" ? "Stopped short. Fix the cause, then retry:" : "Not finished yet; it retries by itself with growing pauses:"}
        >
          <pre className="mono">{order.lastError}</pre>
          {order.kind === "CHANGE" && order.status === "FAILED" && can(user.role, "region:manage") && <RetryButton what="change" target={order.id} />}
        </Notice>
      )}
      {order.decisionNote && (
        <Notice
          tone={order.status === "REJECTED" ? "warning" : "info"}
          data-testid="decision-note"
          title={`${order.status === "REJECTED" ? "Rejected" : "Decided"} by ${order.decidedBy?.name ?? "the platform team"}${order.decidedAt ? ` on ${utcMinute(order.decidedAt)}` : ""}:`}
        >
          <p>{order.decisionNote}</p>
        </Notice>
      )}
      <div className="grid">
        <Panel as="section" aria-labelledby="details">
          <h2 id="details">Details</h2>
          <dl className="review">
            <dt>Profile</dt>
            <dd>
              {PROFILE_INFO[order.profile].label}
              <div className="muted">{PROFILE_INFO[order.profile].aims}</div>
            </dd>
            <dt>Description</dt>
            <dd>{order.description}</dd>
            <dt>Owner</dt>
            <dd>
              {order.requester.name} <span className="mono">({order.ownerGroup})</span>
            </dd>
            <dt>{changeFrom ? "Regions added" : "Regions"}</dt>
            <dd className="mono">{changeFrom && order.regions.length === 0 ? "none" : ""}{order.regions.map((r) => r.region.name).join(order.profile === "DR" ? " (primary) → " : ", ") + (order.profile === "DR" ? " (DR)" : "")}</dd>
            <dt>{changeFrom ? "Quota after" : "Quota"}</dt>
            <dd>
              {QUOTA_INFO[order.quotaSize].label} ({QUOTA_INFO[order.quotaSize].cpu}, {QUOTA_INFO[order.quotaSize].memory}, {QUOTA_INFO[order.quotaSize].storage})
            </dd>
            <dt>Cost center</dt>
            <dd className="mono">{order.costCenter}</dd>
            <dt>Justification</dt>
            <dd>{order.justification}</dd>
          </dl>
        </Panel>
        {order.kind === "RETIRE" ? (
          <RetirementSummary volumes={(order.retireVolumes ?? []) as unknown as RetiredVolume[]} disposition={order.volumeDisposition} />
        ) : changeFrom ? (
          <ChangeSummary from={changeFrom} quotaSize={order.quotaSize} addRegions={order.regions.map((r) => r.region.name)} applicationName={order.applicationName} monthlyAfter={order.estimatedMonthlyCost} currency={costModel.currency} />
        ) : (
        <Panel as="section" aria-labelledby="cost">
          <h2 id="cost">Namespaces and cost</h2>
          <SimpleTable
            label="Namespaces and cost"
            columns={[
              { key: "namespace", title: "Namespace" },
              { key: "region", title: "Region" },
              { key: "monthly", title: "Monthly, at today's prices" },
            ]}
            rows={estimate.lines.map((line) => ({ id: `${line.region}/${line.namespace}`, cells: { namespace: <span className="mono">{line.namespace}</span>, region: <span className="mono">{line.region}</span>, monthly: formatMoney(line.monthly, estimate.currency) } }))}
          />
          <p>
            Estimated at ordering: <strong data-testid="order-cost">{formatMoney(order.estimatedMonthlyCost, costModel.currency)} a month</strong>
          </p>
        </Panel>
        )}
      </div>
      {mayDecide && <OrderDecisionForm orderId={order.id} applicationName={order.applicationName} retireVolumes={order.kind === "RETIRE" ? ((order.retireVolumes ?? []) as unknown as RetiredVolume[]) : undefined} />}
      <Panel as="section" aria-labelledby="history">
        <h2 id="history">History</h2>
        <ol className="timeline" data-testid="order-history">
          {history.map((event) => (
            <li key={event.id}>
              <span className="mono">{utcMinute(event.at)}</span> {event.action === "order.ready" ? READY_LABEL[order.kind] : (HISTORY_LABELS[event.action] ?? event.action)} by {event.actorLabel === "system" ? "the portal" : event.actorLabel}
            </li>
          ))}
        </ol>
      </Panel>
    </>
  );
}

function RetirementSummary({ volumes, disposition }: { volumes: RetiredVolume[]; disposition: string | null }) {
  return (
    <Panel as="section" danger aria-labelledby="what-goes" data-testid="retirement-summary">
      <h2 id="what-goes">What retiring removes</h2>
      <p>Every namespace of the application in every region, and its security block (free for the next order). Its orders, runs and audit trail stay readable.</p>
      {volumes.length === 0 ? (
        <p>It has no Cinder volumes.</p>
      ) : (
        <>
          <p>Its Cinder volumes, as they were when retiring was asked for{disposition ? (disposition === "DELETE" ? " — to be deleted:" : " — kept in the OpenStack project:") : ":"}</p>
          <ul data-testid="retire-volumes">
            {volumes.map((v) => (
              <li key={v.id}>
                <span className="mono">{v.name}</span> ({v.sizeGb ?? "?"} GiB, claim <span className="mono">{v.namespace}/{v.claim}</span> in {v.region})
              </li>
            ))}
          </ul>
        </>
      )}
    </Panel>
  );
}
