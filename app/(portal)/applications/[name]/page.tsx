import { StatusLabel } from "@/components/status-label";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AutoRefresh } from "@/components/auto-refresh";
import { ContinuityCard } from "@/components/continuity-card";
import { PairingCheck } from "@/components/pairing-check";
import { RetryButton } from "@/components/retry-button";
import { getApplicationFor } from "@/lib/applications/get-application";
import { can } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { regionProbeClients } from "@/lib/regions/region-clients";
import { usersAddressOf } from "@/lib/applications/users-address";
import { lastFinishedDrSync } from "@/lib/dr-sync/list-dr-syncs";
import { drRegionsOf } from "@/lib/failover/dr-regions";
import { runsOfApplication } from "@/lib/failover/get-run";
import { utcMinute } from "@/lib/format-time";
import { PROFILE_INFO } from "@/lib/profiles/profiles";
import { QUOTA_INFO } from "@/lib/quotas/quotas";
import { blockValuesOf } from "@/lib/selinux/security-block";
import { mayOrderFor } from "@/lib/applications/may-order-for";
import { pendingOrderOf } from "@/lib/changes/pending-order";
import { currentFenceOf } from "@/lib/failover/fence-regions";
import { DrStateCard } from "@/components/dr-state";
import type { DrState } from "@/lib/failover/dr-state";
import { Notice, Panel, StatusText } from "@/components/panel";

export const metadata = { title: "Application" };

const APP_STATUS = {
  PROVISIONING: { label: "Provisioning", tone: "warn", next: "Its namespaces are being created in every region. This page updates by itself." },
  READY: { label: "Ready", tone: "ok", next: "Every namespace exists in every region with the same security block." },
  FAILED: { label: "Provisioning failed", tone: "bad", next: "Retries ran out. The errors below say which region and call failed; fix that, then retry." },
  RETIRING: { label: "Retiring", tone: "warn", next: "Its namespaces are being removed." },
  RETIRED: { label: "Retired", tone: "", next: "Retired; its history stays readable." },
} as const;

const NS_STATUS = { PENDING: "warn", CREATED: "ok", FAILED: "bad", DELETED: "" } as const;

export default async function ApplicationPage({ params }: { params: Promise<{ name: string }> }) {
  const user = await requireUser();
  const { name } = await params;
  const application = await getApplicationFor(db(), name, user);
  if (!application) notFound();
  const status = APP_STATUS[application.status];
  // The active region first, then the others by name.
  const regions = [...new Map(application.namespaces.map((ns) => [ns.region.name, ns.region])).values()].sort(
    (a, b) => Number(b.id === application.activeRegionId) - Number(a.id === application.activeRegionId) || a.name.localeCompare(b.name),
  );
  const mayManage = can(user.role, "region:manage");
  const block = application.securityBlock ? blockValuesOf(application.securityBlock) : null;
  const drRegions = application.profile === "DR" && application.status === "READY" ? drRegionsOf(application) : null;
  const runs = drRegions ? await runsOfApplication(db(), application.id) : [];
  const change = (await pendingOrderOf(db(), application.id))?.order;
  const changeApplying = change?.kind === "CHANGE" && (change.status === "APPROVED" || change.status === "PROVISIONING");
  const fence = application.profile === "DR" ? await currentFenceOf(db(), application.id) : null;
  const lastSync = drRegions ? await lastFinishedDrSync(db(), application.id) : null;
  const usersReach = application.status === "READY" ? await usersAddressOf(regionProbeClients(), application.name, regions.map((r) => r.name)) : null;

  return (
    <>
      <AutoRefresh active={application.status === "PROVISIONING" || changeApplying} />
      <h1>
        <span className="mono">{application.name}</span>{" "}
        <StatusLabel tone={status.tone} testId="application-status">
          {status.label}
        </StatusLabel>
      </h1>
      <p className="lead">
        {PROFILE_INFO[application.profile].label} · owned by {application.owner.name} ({application.ownerGroup}) · {QUOTA_INFO[application.quotaSize].label} quota · cost center{" "}
        <span className="mono">{application.costCenter}</span>
        {application.activeRegion && (
          <>
            {" "}
            · active in <strong data-testid="active-region">{application.activeRegion.displayName}</strong>
          </>
        )}
      </p>
      <p>{status.next}</p>
      {usersReach && (
        <p data-testid="users-reach">
          Users reach <span className="mono">{usersReach.globalName}</span>:{" "}
          {usersReach.error
            ? `the DNS server could not be asked just now (${usersReach.error}).`
            : usersReach.regions.length
              ? `it resolves to ${usersReach.regions.join(" and ")} (${usersReach.resolvesTo}).`
              : `it resolves to ${usersReach.resolvesTo}, which is no router of this application's regions.`}{" "}
          <span className="muted">Clients keep an answer for up to {usersReach.ttlSeconds} s.</span>
        </p>
      )}
      {fence && !fence.fencedAt && (
        <Notice
          role="alert"
          data-testid="fence-required"
          title={
            <>
              Fence required: {fence.region} may still run {application.name} in <span className="mono">{fence.namespace}</span>.
            </>
          }
        >
          The <Link href={`/runs/${fence.runId}`}>forced run</Link> of {utcMinute(new Date(fence.requiredAt))} could not stop it there. The portal scales it to 0 and marks it
          standby as soon as {fence.region} answers; until then no failover, failback, drill, DR sync or change of {application.name} starts.
          {fence.lastError && <pre className="mono">Last try: {fence.lastError}</pre>}
        </Notice>
      )}
      {fence?.fencedAt && (
        <Panel data-testid="fenced">
          Fenced {utcMinute(new Date(fence.fencedAt))} after the <Link href={`/runs/${fence.runId}`}>forced run</Link>: {fence.region}/<span className="mono">{fence.namespace}</span>{" "}
          {fence.stopped.length ? `scaled to 0 (${fence.stopped.map((s) => `${s.name} from ${s.from}`).join(", ")})` : "had nothing running"} and marked standby.
        </Panel>
      )}
      {drRegions && <DrStateCard state={application.drState as DrState | null} />}
      {drRegions && <ContinuityCard applicationName={application.name} regions={drRegions} runs={runs} mayRun={can(user.role, "run:start")} />}
      {drRegions && (
        <Panel as="section" aria-label="DR sync" data-testid="dr-sync-card">
          <div className="inline spread">
            <h2>DR sync</h2>
            <Link href={`/applications/${application.name}/sync`}>What differs, and sync →</Link>
          </div>
          <p>
            {lastSync
              ? `Last sync ${utcMinute(lastSync.finishedAt ?? lastSync.createdAt)}: ${lastSync.status === "SUCCEEDED" ? "done" : "failed"}.`
              : "Never synced: the passive namespace gets the production objects at the next failover only."}{" "}
            {application.syncIntervalMinutes ? `Scheduled every ${application.syncIntervalMinutes} minutes.` : "No schedule."}
          </p>
        </Panel>
      )}
      {application.lastError && (
        <Notice role="alert" data-testid="provisioning-error" title="Not finished yet — provisioning retries by itself with growing pauses.">
          <pre className="mono">{application.lastError}</pre>
          {mayManage && (application.status === "PROVISIONING" || application.status === "FAILED") && <RetryButton what="provisioning" target={application.name} />}
        </Notice>
      )}
      {!application.lastError && application.status === "FAILED" && mayManage && <RetryButton what="provisioning" target={application.name} />}
      {change && (
        <Panel data-testid="pending-change">
          {change.kind === "RETIRE" ? "Retiring it" : "A change of it"}{" "}
          {change.status === "SUBMITTED" ? "is waiting for approval" : change.status === "FAILED" ? "stopped short" : "is being applied"}:{" "}
          <Link href={`/orders/${change.id}`}>see the order</Link>.
        </Panel>
      )}
      {mayOrderFor(application, user) && (application.status === "READY" || application.status === "FAILED") && (
        <p className="inline">
          {application.status === "READY" && !change && (
            <Link href={`/applications/${application.name}/change`} data-testid="change-link">
              Change its quota{application.profile === "MULTI_SITE" ? " or regions" : ""}…
            </Link>
          )}
          {(!change || change.status === "FAILED") && (
            <Link href={`/applications/${application.name}/retire`} data-testid="retire-link">
              Retire this application…
            </Link>
          )}
        </p>
      )}
      <div className="grid">
        {regions.map((region) => (
          <Panel as="section" key={region.id} aria-label={`Namespaces in ${region.displayName}`} data-testid={`region-${region.name}`}>
            <h2>
              {region.displayName} <span className="mono muted">{region.name}</span>
              {application.activeRegionId === region.id && <StatusLabel tone="ok">active</StatusLabel>}
            </h2>
            <ul className="plain" data-testid={`namespaces-${region.name}`}>
              {application.namespaces
                .filter((ns) => ns.regionId === region.id)
                .map((ns) => (
                  <li key={ns.id}>
                    <span className="mono">{ns.name}</span> <span className="muted">{ns.role.toLowerCase()}</span> <StatusLabel tone={NS_STATUS[ns.status]}>{ns.status.toLowerCase()}</StatusLabel>
                    {ns.lastError && <StatusText>{ns.lastError}</StatusText>}
                  </li>
                ))}
            </ul>
          </Panel>
        ))}
        <Panel as="section" aria-labelledby="block-heading">
          <h2 id="block-heading">Security block</h2>
          {block ? (
            <dl className="review stacked" data-testid="security-block">
              <dt>SELinux MCS</dt>
              <dd className="mono">{block.mcs}</dd>
              <dt>UID range</dt>
              <dd className="mono">{block.uidRange}</dd>
              <dt>Supplemental groups</dt>
              <dd className="mono">{block.uidRange}</dd>
            </dl>
          ) : (
            <p className="muted">Chosen when provisioning starts: one block free in every region of the application.</p>
          )}
          <p className="muted">The same on every namespace in every region, so a volume moved to another region stays readable.</p>
        </Panel>
      </div>
      {block && <PairingCheck applicationName={application.name} mayRepair={mayManage} />}
      <Panel as="section">
        <h2>Orders</h2>
        {application.orders.length === 0 && <p className="muted">No order on record for {application.name}.</p>}
        <ul className="plain">
          {application.orders.map((order) => (
            <li key={order.id}>
              <Link href={`/orders/${order.id}`}>
                {order.kind.toLowerCase()} order of {order.createdAt.toISOString().slice(0, 10)}
              </Link>{" "}
              ({order.status.toLowerCase()})
            </li>
          ))}
        </ul>
      </Panel>
    </>
  );
}
