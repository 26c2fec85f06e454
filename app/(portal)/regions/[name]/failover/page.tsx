import { notFound } from "next/navigation";
import { Forbidden } from "@/components/forbidden";
import { GuardForm } from "@/components/guard-form";
import { can } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { regionFailoverPlan } from "@/lib/failover/region-failover-plan";
import { formatDuration } from "@/lib/format-time";
import { regionProbeClients } from "@/lib/regions/region-clients";
import { config } from "@/lib/config/config";

export const metadata = { title: "Region failover" };
export const dynamic = "force-dynamic";

export default async function RegionFailoverPage({ params }: { params: Promise<{ name: string }> }) {
  const user = await requireUser();
  if (!can(user.role, "run:start")) return <Forbidden permission="run:start" what="fail over a region" />;
  const { name } = await params;
  const plan = await regionFailoverPlan(db(), regionProbeClients(), name, config().runs.concurrency);
  if (!plan) notFound();
  const { region, applications, probe, concurrency, perRunSeconds: perRun, measuredRuns, estimateSeconds: estimate } = plan;
  const down = !probe.cluster.ok;

  return (
    <div className="guard">
      <h1>
        Fail over every DR application in <span className="mono">{region.name}</span>
      </h1>
      <p className="lead">
        Each application serving from {region.displayName} moves to its other region in a run of its own, {concurrency} at a time per portal replica, shown together on one page.
      </p>
      <div className="grid">
        <section className="card" aria-label="Region health">
          <h2>{region.displayName}</h2>
          <p>
            {probe.cluster.ok ? <span className="badge ok">OpenShift {probe.cluster.ms} ms</span> : <span className="badge bad">OpenShift unreachable</span>}{" "}
            {probe.storage.ok ? <span className="badge ok">Cinder {probe.storage.ms} ms</span> : <span className="badge bad">Cinder unreachable</span>}
          </p>
          {down && <p className="error">{region.name} does not answer: choose forced mode. Each run then uses its application&apos;s last export.</p>}
        </section>
        <section className="card" aria-label="Estimate">
          <h2>Estimated time</h2>
          <p className="big">{formatDuration(estimate * 1000)}</p>
          <p className="muted">
            {applications.length} application(s) in batches of {concurrency}, {formatDuration(perRun * 1000)} each ({measuredRuns ? `median of the last ${measuredRuns} failovers` : "no measurements yet"}).
          </p>
        </section>
      </div>
      <section className="card" aria-labelledby="apps-h">
        <h2 id="apps-h">Applications that will move ({applications.length})</h2>
        {applications.length === 0 ? (
          <p className="empty">No ready DR application serves from {region.name}.</p>
        ) : (
          <table data-testid="region-failover-applications">
            <tbody>
              {applications.map((app) => (
                <tr key={app.name}>
                  <td className="mono">{app.name}</td>
                  <td>
                    {app.regions.nextMove === "FAILOVER" ? "failover" : "failback"} to {app.regions.standby.name}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="card danger-zone" aria-label="Confirm">
        <GuardForm target={{ kind: "REGION", region: region.name }} verb={`Fail over ${applications.length} application(s) out of ${region.displayName}`} forcedRecommended={down} blocked={applications.length === 0} />
      </section>
    </div>
  );
}
