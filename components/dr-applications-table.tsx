import Link from "next/link";
import { DataTable } from "@/components/data-table";
import { DrPhaseBadge } from "@/components/dr-state";
import { pairingTone } from "@/components/pairing-tone";
import { StatusLabel } from "@/components/status-label";
import { DR_APPLICATION_SORTS, listDrApplications } from "@/lib/failover/list-dr-applications";
import { RUN_KIND_LABEL } from "@/lib/failover/run-kind";
import { formatDuration, utcMinute } from "@/lib/format-time";
import type { Db } from "@/lib/db/client";
import { pageQuery, paramsWithPrefix } from "@/lib/lists/page-query";

const PREFIX = "dr-";
const Query = pageQuery(DR_APPLICATION_SORTS, { sort: "name", dir: "asc" });

/**
 * The DR applications, a page at a time: where each serves from, its last drill, and what is going
 * on now, with the guarded buttons for those who may press them. A server component: it reads its
 * own page of the list from the address (dr-q, dr-sort, dr-page) so it can sit beside another list.
 */
export async function DrApplicationsTable({ db, params, mayRun, showNamespaces, testId }: { db: Db; params: Record<string, string>; mayRun: boolean; showNamespaces?: boolean; testId?: string }) {
  const query = Query.parse(paramsWithPrefix(params, PREFIX));
  const page = await listDrApplications(db, query);
  return (
    <DataTable
      label="DR applications"
      paramPrefix={PREFIX}
      columns={[
        { key: "application", title: "Application", sort: "name" },
        { key: "serving", title: "Serving from", sort: "region" },
        { key: "state", title: "DR state" },
        ...(showNamespaces ? [{ key: "namespaces", title: "Namespaces and pairing" }] : []),
        { key: "drill", title: "Last drill" },
        { key: "now", title: "Now" },
      ]}
      rows={page.items.map((app) => ({
        id: app.name,
        testId: `dr-app-${app.name}`,
        cells: {
          application: (
            <Link href={`/applications/${app.name}`} className="mono">
              {app.name}
            </Link>
          ),
          serving: (
            <>
              {app.regions.active.name} <span className="muted">({app.regions.active.id === app.regions.primary.id ? "primary" : "DR region"})</span>
            </>
          ),
          state: <DrPhaseBadge state={app.drState} testId={`dr-phase-${app.name}`} />,
          namespaces: (
                <>
                  <StatusLabel tone={app.namespaces.created === app.namespaces.total ? "ok" : "warn"}>
                    {app.namespaces.created}/{app.namespaces.total} created
                  </StatusLabel>{" "}
                  <StatusLabel tone={pairingTone(app.namespaces.pairing)} testId={`pairing-${app.name}`}>
                    {app.namespaces.pairing ?? "not checked yet"}
                  </StatusLabel>
                </>
          ),
          drill: app.lastDrill ? `${utcMinute(app.lastDrill.createdAt)}, RTO ${formatDuration((app.lastDrill.rtoSeconds ?? 0) * 1000)}` : <StatusLabel tone="warn">never</StatusLabel>,
          now: app.activeRun ? (
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
          ),
        },
      }))}
      total={page.total}
      totalIsMore={page.totalIsMore}
      cursors={page.cursors}
      query={{ ...query, page: page.page }}
      search="Application"
      empty={{ title: "No DR application is ready yet", body: "A DR application shows here once its order is approved and its namespaces are made in both regions." }}
      testId={testId}
      hideToolbarWhenShort
    />
  );
}
