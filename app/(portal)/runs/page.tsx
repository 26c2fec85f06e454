import Link from "next/link";
import { z } from "zod";
import { DataTable } from "@/components/data-table";
import { RUN_STATUS_INFO, RunStatusBadge } from "@/components/run-status-badge";
import { StatusLabel } from "@/components/status-label";
import { can } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { listRecentRegionFailovers } from "@/lib/failover/get-region-failover";
import { listRunsFor, RUN_SORTS } from "@/lib/failover/get-run";
import { RUN_KIND_LABEL } from "@/lib/failover/run-kind";
import { formatDuration, utcMinute } from "@/lib/format-time";
import { RunKind, RunStatus } from "@/lib/generated/prisma/enums";
import { pageQuery, searchParamsOf } from "@/lib/lists/page-query";
import { Panel } from "@/components/panel";

export const metadata = { title: "Failovers and drills" };
export const dynamic = "force-dynamic";

const Filters = z.object({ kind: z.enum(RunKind).optional().catch(undefined), status: z.enum(RunStatus).optional().catch(undefined) });
const Query = pageQuery(RUN_SORTS, { sort: "started", dir: "desc" });

export default async function RunsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const raw = searchParamsOf(await searchParams);
  const filters = Filters.parse(raw);
  const query = Query.parse(raw);
  const [runs, regionFailovers] = await Promise.all([listRunsFor(db(), user, filters, query), can(user.role, "application:read-all") ? listRecentRegionFailovers(db()) : []]);
  return (
    <>
      <h1>Failovers and drills</h1>
      <p className="lead">{user.role === "OWNER" ? "Every run of your applications" : "Every run of every DR application"}, newest first.</p>
      {regionFailovers.length > 0 && (
        <Panel as="section" aria-labelledby="rf-h">
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
        </Panel>
      )}
      <Panel as="section" aria-label="Runs">
        <DataTable
          label="Runs"
          columns={[
            { key: "run", title: "Run" },
            { key: "application", title: "Application", sort: "application" },
            { key: "regions", title: "Regions" },
            { key: "started", title: "Started", sort: "started" },
            { key: "status", title: "Status", sort: "status" },
            { key: "rto", title: "RTO", sort: "rto" },
          ]}
          rows={runs.items.map((run) => ({
            id: run.id,
            cells: {
              run: (
                <>
                  <Link href={`/runs/${run.id}`}>{RUN_KIND_LABEL[run.kind]}</Link> {run.mode === "FORCED" && <StatusLabel tone="bad">forced</StatusLabel>}
                </>
              ),
              application: <span className="mono">{run.application.name}</span>,
              regions: `${run.fromRegion.name} → ${run.toRegion.name}`,
              started: (
                <>
                  {utcMinute(run.createdAt)}
                  <div className="muted">{run.startedBy.email}</div>
                </>
              ),
              status: <RunStatusBadge status={run.status} />,
              rto: run.rtoSeconds !== null ? formatDuration(run.rtoSeconds * 1000) : "—",
            },
          }))}
          total={runs.total}
          totalIsMore={runs.totalIsMore}
          cursors={runs.cursors}
          query={{ ...query, page: runs.page }}
          search="Application"
          filters={[
            { param: "kind", label: "Kind", value: filters.kind ?? "", options: [{ value: "", label: "Every kind" }, ...Object.values(RunKind).map((k) => ({ value: k, label: RUN_KIND_LABEL[k] }))] },
            { param: "status", label: "Status", value: filters.status ?? "", options: [{ value: "", label: "Any status" }, ...Object.values(RunStatus).map((s) => ({ value: s, label: RUN_STATUS_INFO[s].label }))] },
          ]}
          empty={{ title: "No run yet", body: "No failover, failback or drill has run yet. A drill proves the DR region can serve without touching production." }}
          testId="runs-table"
        />
      </Panel>
    </>
  );
}
