import Link from "next/link";
import { DrPhaseBadge } from "@/components/dr-state";
import type { listDrApplications } from "@/lib/failover/list-dr-applications";
import { RUN_KIND_LABEL } from "@/lib/failover/run-kind";
import { formatDuration, utcMinute } from "@/lib/format-time";

type DrApplication = Awaited<ReturnType<typeof listDrApplications>>[number] & { namespaces?: { created: number; total: number; pairing: string | null } };

const PAIRING_TONE: Record<string, string> = { paired: "ok", drift: "bad", missing: "bad", unreachable: "warn" };

/** The DR applications: where each serves from, its last drill, and what is going on now, with the guarded buttons for those who may press them. */
export function DrApplicationsTable({ applications, mayRun, testId }: { applications: DrApplication[]; mayRun: boolean; testId?: string }) {
  if (applications.length === 0) return <p className="empty">No DR application is ready yet.</p>;
  const withNamespaces = applications.some((a) => a.namespaces);
  return (
    <table data-testid={testId}>
      <thead>
        <tr>
          <th>Application</th>
          <th>Serving from</th>
          <th>DR state</th>
          {withNamespaces && <th>Namespaces and pairing</th>}
          <th>Last drill</th>
          <th>Now</th>
        </tr>
      </thead>
      <tbody>
        {applications.map((app) => (
          <tr key={app.name} data-testid={`dr-app-${app.name}`}>
            <td>
              <Link href={`/applications/${app.name}`} className="mono">
                {app.name}
              </Link>
            </td>
            <td>
              {app.regions.active.name} <span className="muted">({app.regions.active.id === app.regions.primary.id ? "primary" : "DR region"})</span>
            </td>
            <td>
              <DrPhaseBadge state={app.drState} testId={`dr-phase-${app.name}`} />
            </td>
            {withNamespaces && (
              <td>
                {app.namespaces && (
                  <>
                    <span className={`badge ${app.namespaces.created === app.namespaces.total ? "ok" : "warn"}`}>
                      {app.namespaces.created}/{app.namespaces.total} created
                    </span>{" "}
                    <span className={`badge ${PAIRING_TONE[app.namespaces.pairing ?? ""] ?? "warn"}`} data-testid={`pairing-${app.name}`}>
                      {app.namespaces.pairing ?? "not checked yet"}
                    </span>
                  </>
                )}
              </td>
            )}
            <td>{app.lastDrill ? `${utcMinute(app.lastDrill.createdAt)}, RTO ${formatDuration((app.lastDrill.rtoSeconds ?? 0) * 1000)}` : <span className="badge warn">never</span>}</td>
            <td>
              {app.activeRun ? (
                <Link href={`/runs/${app.activeRun.id}`}>
                  {RUN_KIND_LABEL[app.activeRun.kind]} {app.activeRun.status === "WAITING" ? "stopped — needs you" : "in progress"}
                </Link>
              ) : mayRun ? (
                <span className="inline">
                  <Link className="button" href={`/applications/${app.name}/runs/new?kind=${app.regions.nextMove}`} data-testid={`fail-over-${app.name}`}>
                    {app.regions.nextMove === "FAILOVER" ? "Fail over…" : "Fail back…"}
                  </Link>
                  <Link href={`/applications/${app.name}/runs/new?kind=DRILL`}>Drill…</Link>
                </span>
              ) : (
                "—"
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
