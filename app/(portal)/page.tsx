import { SimpleTable } from "@/components/simple-table";
import { StatusLabel } from "@/components/status-label";
import Link from "next/link";
import { DrApplicationsTable } from "@/components/dr-applications-table";
import { OrderStatusBadge } from "@/components/order-status-badge";
import { can, ROLE_LABELS, ROLE_SUMMARIES } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { APPLICATION_SORTS, listApplications } from "@/lib/applications/list-applications";
import { countOf, pageQuery, searchParamsOf } from "@/lib/lists/page-query";
import { PROFILES } from "@/lib/profiles/profiles";
import { regionProbeClients } from "@/lib/regions/region-clients";
import { DataTable } from "@/components/data-table";
import { z } from "zod";
import { listOrders, recentDecisionsFor } from "@/lib/orders/list-orders";
import { listRegions } from "@/lib/regions/list-regions";
import { rebalancesWaitingByRegion } from "@/lib/failover/start-rebalance";
import { EmptyNote, Panel } from "@/components/panel";

export const metadata = { title: "Home" };

const PROFILE_LABELS = { SINGLE_SITE: "Single-site", MULTI_SITE: "Multi-site", DR: "DR" } as const;

const AppQuery = pageQuery(APPLICATION_SORTS, { sort: "name", dir: "asc" });
const AppFilters = z.object({ profile: z.enum(PROFILES).optional().catch(undefined) });

export default async function HomePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const mayRun = can(user.role, "run:start");
  const params = searchParamsOf(await searchParams);
  const appQuery = AppQuery.parse(params);
  const { profile } = AppFilters.parse(params);
  const [regions, applications, decisions, waiting, rebalances] = await Promise.all([
    listRegions(db()),
    listApplications(db(), user, appQuery, { profile }),
    can(user.role, "order:create") ? recentDecisionsFor(db(), user.id) : [],
    can(user.role, "order:decide") ? listOrders(db(), {}, { sort: "created", dir: "asc", page: 1, perPage: 1 }) : null,
    mayRun ? rebalancesWaitingByRegion(db()) : ({} as Record<string, number>),
  ]);
  const traffic = regionProbeClients().traffic;
  return (
    <>
      <h1>Welcome, {user.name}</h1>
      <p className="lead">
        You are signed in as <StatusLabel tone="" testId="home-role">{ROLE_LABELS[user.role]}</StatusLabel>.{" "}
        {ROLE_SUMMARIES[user.role]}
      </p>
      {can(user.role, "order:decide") && (
        <Panel data-testid="approvals-waiting">
          {!waiting?.total ? "No order waits for a decision." : `${waiting.total === 1 ? "1 order waits" : `${countOf(waiting, "order", "orders")} wait`} for a decision, the oldest since ${waiting.items[0]!.createdAt.toISOString().slice(0, 10)}.`}{" "}
          <Link href="/approvals">Open the approvals queue</Link>
        </Panel>
      )}
      {decisions.length > 0 && (
        <Panel as="section" aria-labelledby="decisions-heading" data-testid="decisions">
          <h2 id="decisions-heading">Decisions on your orders</h2>
          <ul className="plain">
            {decisions.map((order) => (
              <li key={order.id}>
                <Link href={`/orders/${order.id}`} className="mono">
                  {order.applicationName}
                </Link>{" "}
                {order.status === "REJECTED" ? "rejected" : "approved"} by {order.decidedBy?.name ?? "the platform team"}
                {order.decisionNote ? `: “${order.decisionNote}”` : "."} <OrderStatusBadge status={order.status} />
              </li>
            ))}
          </ul>
        </Panel>
      )}
      {mayRun && (
        <Panel as="section" aria-labelledby="dr-heading" data-testid="dr-applications">
          <h2 id="dr-heading">DR applications</h2>
          <DrApplicationsTable db={db()} params={params} mayRun={mayRun} />
        </Panel>
      )}
      <div className="grid">
        <Panel as="section" aria-labelledby="regions-heading">
          <h2 id="regions-heading">Regions</h2>
          {can(user.role, "application:read-all") && (
            <p className="muted">
              <Link href="/regions">Health over the last day, and which regions new orders may use</Link>
            </p>
          )}
          {regions.length === 0 ? (
            <EmptyNote>No regions are configured yet. An approver adds them.</EmptyNote>
          ) : (
            <SimpleTable
              label="Regions"
              columns={[{ key: "region", title: "Region" }, { key: "api", title: "Cluster API" }, { key: "state", title: "State" }, ...(mayRun ? [{ key: "disaster", title: "Disaster" }] : [])]}
              rows={regions.map((region) => ({
                id: region.id,
                cells: {
                  region: (
                    <>
                      <strong>{region.displayName}</strong>
                      <div className="mono">{region.name}</div>
                    </>
                  ),
                  api: <span className="mono">{region.apiUrl}</span>,
                  state: <StatusLabel tone={region.enabled ? "ok" : "warn"}>{region.enabled ? "enabled" : "disabled"}</StatusLabel>,
                  disaster: mayRun && (
                    <>
                      <Link href={`/regions/${region.name}/failover`} data-testid={`region-failover-${region.name}`}>
                        Fail over the region…
                      </Link>
                      {rebalances[region.name] ? (
                        <div>
                          <Link href={`/regions/${region.name}/rebalance`} data-testid={`rebalance-${region.name}`}>
                            Rebalance {rebalances[region.name]} multi-site application(s) into it…
                          </Link>
                        </div>
                      ) : null}
                    </>
                  ),
                },
              }))}
            />
          )}
        </Panel>
        <Panel as="section" aria-labelledby="apps-heading">
          <h2 id="apps-heading">{user.role === "OWNER" ? "Your applications" : "Applications"}</h2>
          <DataTable
            label="Applications"
            columns={[
              { key: "name", title: "Application", sort: "name" },
              { key: "profile", title: "Profile", sort: "profile" },
              { key: "region", title: "Active region", sort: "region" },
              { key: "reach", title: "Users reach it at" },
              { key: "status", title: "Status", sort: "status" },
            ]}
            rows={applications.items.map((app) => ({
              id: app.id,
              testId: `application-${app.name}`,
              cells: {
                name: (
                  <Link href={`/applications/${app.name}`} className="mono">
                    {app.name}
                  </Link>
                ),
                profile: PROFILE_LABELS[app.profile],
                region: app.profile === "MULTI_SITE" ? "every region" : (app.activeRegion?.displayName ?? "—"),
                reach: traffic && app.status === "READY" ? (
                  <>
                    <span className="mono">{traffic.dns.nameOf(app.name)}</span>
                    <div className="muted">{app.profile === "MULTI_SITE" ? "shared among its regions" : `answered by ${app.activeRegion?.name ?? "—"}`}</div>
                  </>
                ) : (
                  "—"
                ),
                status: app.status.toLowerCase(),
              },
            }))}
            total={applications.total}
            totalIsMore={applications.totalIsMore}
            cursors={applications.cursors}
            query={{ ...appQuery, page: applications.page }}
            search="Name, cost center or team"
            filters={[{ param: "profile", label: "Profile", value: profile ?? "", options: [{ value: "", label: "Every profile" }, ...PROFILES.map((p) => ({ value: p, label: PROFILE_LABELS[p] }))] }]}
            empty={{ title: "No applications yet", body: user.role === "OWNER" ? "Once you order an environment and it is approved, it shows here." : "Applications show here once their orders are approved." }}
            testId="applications-table"
            hideToolbarWhenShort
          />
        </Panel>
      </div>
    </>
  );
}
