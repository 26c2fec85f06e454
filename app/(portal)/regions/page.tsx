import Link from "next/link";
import { refuse } from "@/components/forbidden";
import { HealthStrip } from "@/components/health-strip";
import { RegionEnabledForm } from "@/components/region-enabled-form";
import { StatusLabel } from "@/components/status-label";
import { can } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { utcSecond } from "@/lib/format-time";
import { HISTORY_HOURS, regionHistories } from "@/lib/regions/region-history";
import { EmptyNote, Panel, StatusText } from "@/components/panel";

export const metadata = { title: "Regions" };
export const dynamic = "force-dynamic";

export default async function RegionsPage() {
  const user = await requireUser();
  if (!can(user.role, "application:read-all")) refuse("application:read-all", "see the regions");
  const regions = await regionHistories(db());
  const mayManage = can(user.role, "region:manage");
  const mayRun = can(user.role, "run:start");

  return (
    <>
      <h1>Regions</h1>
      <p className="lead">Every region the portal knows, its health over the last {HISTORY_HOURS} hours from the health checks, what serves from it, and whether new orders may use it.</p>
      {regions.length === 0 && <EmptyNote>No regions are configured: add a kubeconfig context and a clouds.yaml cloud per region (README, Real regions).</EmptyNote>}
      <div className="grid">
        {regions.map((region) => (
          <Panel as="section" key={region.name} aria-labelledby={`region-${region.name}-h`} data-testid={`region-${region.name}`}>
            <div className="inline spread">
              <h2 id={`region-${region.name}-h`}>
                {region.displayName} <span className="mono muted">{region.name}</span>
              </h2>
              {region.enabled ? <StatusLabel tone="ok">offered to new orders</StatusLabel> : <StatusLabel tone="warn">out of new orders</StatusLabel>}
            </div>
            {!region.enabled && <p className="muted" data-testid={`region-${region.name}-why-off`}>{region.disabledReason ?? "No longer in the portal's configuration."}</p>}
            <p>
              {region.now.checkedAt === null ? (
                <StatusLabel tone="warn">not checked yet</StatusLabel>
              ) : (
                <>
                  <StatusLabel tone={region.now.clusterUp ? "ok" : "bad"}>{region.now.clusterUp ? `OpenShift ${region.now.clusterLatencyMs} ms` : "OpenShift down"}</StatusLabel>{" "}
                  <StatusLabel tone={region.now.storageUp ? "ok" : "bad"}>{region.now.storageUp ? `Cinder ${region.now.storageLatencyMs} ms` : "Cinder down"}</StatusLabel>{" "}
                  <span className="muted">checked {utcSecond(new Date(region.now.checkedAt))}</span>
                </>
              )}
            </p>
            {region.now.error && <StatusText>{region.now.error}</StatusText>}
            <HealthStrip buckets={region.buckets} label={`${region.name} health`} />
            <p className="muted" data-testid={`region-${region.name}-availability`}>
              {region.availability === null
                ? `No health checks in the last ${HISTORY_HOURS} hours.`
                : `Answered ${(region.availability * 100).toFixed(region.availability === 1 ? 0 : 1)}% of ${region.checks} checks in the last ${HISTORY_HOURS} hours; OpenShift median ${region.medianLatencyMs ?? "—"} ms.`}
            </p>
            <p data-testid={`region-${region.name}-serving`}>
              Serves {region.serving.dr} DR (standby for {region.serving.standby}), {region.serving.multiSite} multi-site and {region.serving.singleSite} single-site application(s).
              {mayRun && region.serving.dr + region.serving.multiSite > 0 && (
                <>
                  {" "}
                  <Link href={`/regions/${region.name}/failover`}>Fail over the region…</Link>
                </>
              )}
            </p>
            {mayManage && <RegionEnabledForm region={region.name} enabled={region.enabled} />}
          </Panel>
        ))}
      </div>
    </>
  );
}
