import Link from "next/link";
import { RunStatusBadge } from "@/components/run-status-badge";
import { can } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { listRecentRegionFailovers } from "@/lib/failover/get-region-failover";
import { listRunsFor } from "@/lib/failover/get-run";
import { RUN_KIND_LABEL } from "@/lib/failover/run-kind";
import { formatDuration, utcMinute } from "@/lib/format-time";

export const metadata = { title: "Failovers and drills" };
export const dynamic = "force-dynamic";

export default async function RunsPage() {
  const user = await requireUser();
  const [runs, regionFailovers] = await Promise.all([
    listRunsFor(db(), user),
    can(user.role, "application:read-all") ? listRecentRegionFailovers(db()) : [],
  ]);
  return (
    <>
      <h1>Failovers and drills</h1>
      <p className="lead">{user.role === "OWNER" ? "Every run of your applications" : "Every run of every DR application"}, newest first.</p>
      {regionFailovers.length > 0 && (
        <section className="card" aria-labelledby="rf-h">
          <h2 id="rf-h">Region failovers</h2>
          <ul className="plain">
            {regionFailovers.map((rf) => (
              <li key={rf.id}>
                <Link href={`/region-failovers/${rf.id}`}>
                  {rf.region.name}, {utcMinute(rf.createdAt)}
                </Link>{" "}
                — {rf._count.runs} application(s): “{rf.reason}”
              </li>
            ))}
          </ul>
        </section>
      )}
      <section className="card">
        {runs.length === 0 ? (
          <p className="empty">No failover, failback or drill has run yet.</p>
        ) : (
          <table data-testid="runs-table">
            <thead>
              <tr>
                <th>Run</th>
                <th>Application</th>
                <th>Regions</th>
                <th>Started</th>
                <th>Status</th>
                <th>RTO</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((run) => (
                <tr key={run.id}>
                  <td>
                    <Link href={`/runs/${run.id}`}>{RUN_KIND_LABEL[run.kind]}</Link>
                    {run.mode === "FORCED" && <span className="badge bad">forced</span>}
                  </td>
                  <td className="mono">{run.application.name}</td>
                  <td>
                    {run.fromRegion.name} → {run.toRegion.name}
                  </td>
                  <td>
                    {utcMinute(run.createdAt)}
                    <div className="muted">{run.startedBy.email}</div>
                  </td>
                  <td>
                    <RunStatusBadge status={run.status} />
                  </td>
                  <td>{run.rtoSeconds !== null ? formatDuration(run.rtoSeconds * 1000) : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
