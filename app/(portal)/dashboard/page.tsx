import { StatusLabel } from "@/components/status-label";
import Link from "next/link";
import { AutoRefresh } from "@/components/auto-refresh";
import { DrApplicationsTable } from "@/components/dr-applications-table";
import { RegionMap } from "@/components/region-map";
import { RunStatusBadge } from "@/components/run-status-badge";
import { can } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { dashboardOverview, type RegionOverview } from "@/lib/dashboard/dashboard-overview";
import { db } from "@/lib/db/client";
import { RUN_KIND_LABEL } from "@/lib/failover/run-kind";
import { stepTitle } from "@/lib/failover/step-registry";
import { utcSecond } from "@/lib/format-time";
import { searchParamsOf } from "@/lib/lists/page-query";
import { Notice, Panel } from "@/components/panel";

export const metadata = { title: "Dashboard" };
export const dynamic = "force-dynamic";

function HealthBadges({ health }: { health: RegionOverview["health"] }) {
  if (!health.checkedAt) return <StatusLabel tone="warn">not checked yet</StatusLabel>;
  return (
    <>
      <StatusLabel tone={health.clusterUp ? "ok" : "bad"}>{health.clusterUp ? `OpenShift ${health.clusterLatencyMs} ms` : "OpenShift down"}</StatusLabel>{" "}
      <StatusLabel tone={health.storageUp ? "ok" : "bad"}>{health.storageUp ? `Cinder ${health.storageLatencyMs} ms` : "Cinder down"}</StatusLabel>
    </>
  );
}

export default async function DashboardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const params = searchParamsOf(await searchParams);
  const { regions, activeRuns } = await dashboardOverview(db());
  const mayRun = can(user.role, "run:start");

  return (
    <>
      <AutoRefresh active everyMs={5000} />
      <h1>Dashboard</h1>
      <p className="lead">Regions, what serves from each, and every DR application. Refreshes every 5 seconds; region health is checked every 30.</p>
      {activeRuns.length > 0 && (
        <Notice tone="info" aria-label="Runs in progress" data-testid="active-runs" title="Runs in progress">
          <ul className="plain">
            {activeRuns.map((run) => (
              <li key={run.id}>
                <Link href={`/runs/${run.id}`}>
                  {RUN_KIND_LABEL[run.kind]} of {run.application.name}
                </Link>{" "}
                {run.fromRegion.name} → {run.toRegion.name} <RunStatusBadge status={run.status} /> {run.currentStep ? stepTitle(run.kind, run.currentStep) : ""}
              </li>
            ))}
          </ul>
        </Notice>
      )}
      <Panel as="section" aria-labelledby="map-h">
        <h2 id="map-h">Regions and their applications</h2>
        <RegionMap regions={regions} />
      </Panel>
      <div className="grid">
        {regions.map((region) => (
          <Panel as="section" key={region.name} aria-label={`Region ${region.name}`} data-testid={`dashboard-region-${region.name}`}>
            <h2>
              {region.displayName} <span className="mono muted">{region.name}</span>
            </h2>
            <p>
              <HealthBadges health={region.health} />
            </p>
            <p className="muted">
              {region.health.checkedAt ? `last check ${utcSecond(region.health.checkedAt)}` : ""}
              {region.health.error ? ` · ${region.health.error}` : ""}
            </p>
            <dl className="review">
              <dt>DR, active here</dt>
              <dd>{region.serving.DR.join(", ") || "—"}</dd>
              <dt>DR, standby here</dt>
              <dd>{region.standby.join(", ") || "—"}</dd>
              <dt>Multi-site</dt>
              <dd>{region.serving.MULTI_SITE.join(", ") || "—"}</dd>
              <dt>Single-site</dt>
              <dd>{region.serving.SINGLE_SITE.join(", ") || "—"}</dd>
            </dl>
            {mayRun && region.serving.DR.length + region.serving.MULTI_SITE.length > 0 && <Link href={`/regions/${region.name}/failover`}>Fail over the region…</Link>}
          </Panel>
        ))}
      </div>
      <Panel as="section" aria-labelledby="dr-h">
        <h2 id="dr-h">DR applications</h2>
        <DrApplicationsTable db={db()} params={params} mayRun={mayRun} showNamespaces testId="dashboard-dr-applications" />
      </Panel>
    </>
  );
}
