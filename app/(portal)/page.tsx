import Link from "next/link";
import { DrApplicationsTable } from "@/components/dr-applications-table";
import { OrderStatusBadge } from "@/components/order-status-badge";
import { can, ROLE_LABELS, ROLE_SUMMARIES } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { listApplications } from "@/lib/applications/list-applications";
import { listApprovalQueue, recentDecisionsFor } from "@/lib/orders/list-orders";
import { listRegions } from "@/lib/regions/list-regions";
import { listDrApplications } from "@/lib/failover/list-dr-applications";
import { rebalancesWaitingByRegion } from "@/lib/failover/start-rebalance";

export const metadata = { title: "Home" };

const PROFILE_LABELS = { SINGLE_SITE: "Single-site", MULTI_SITE: "Multi-site", DR: "DR" } as const;

export default async function HomePage() {
  const user = await requireUser();
  const mayRun = can(user.role, "run:start");
  const [regions, applications, decisions, waiting, drApplications, rebalances] = await Promise.all([
    listRegions(db()),
    listApplications(db(), user),
    can(user.role, "order:create") ? recentDecisionsFor(db(), user.id) : [],
    can(user.role, "order:decide") ? listApprovalQueue(db()) : [],
    mayRun ? listDrApplications(db()) : [],
    mayRun ? rebalancesWaitingByRegion(db()) : ({} as Record<string, number>),
  ]);
  return (
    <>
      <h1>Welcome, {user.name}</h1>
      <p className="lead">
        You are signed in as <span className="badge" data-testid="home-role">{ROLE_LABELS[user.role]}</span>.{" "}
        {ROLE_SUMMARIES[user.role]}
      </p>
      {can(user.role, "order:decide") && (
        <p className="card" data-testid="approvals-waiting">
          {waiting.length === 0 ? "No order waits for a decision." : `${waiting.length} order${waiting.length === 1 ? " waits" : "s wait"} for a decision, the oldest since ${waiting[0]!.createdAt.toISOString().slice(0, 10)}.`}{" "}
          <Link href="/approvals">Open the approvals queue</Link>
        </p>
      )}
      {decisions.length > 0 && (
        <section className="card" aria-labelledby="decisions-heading" data-testid="decisions">
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
        </section>
      )}
      {mayRun && (
        <section className="card" aria-labelledby="dr-heading" data-testid="dr-applications">
          <h2 id="dr-heading">DR applications</h2>
          <DrApplicationsTable applications={drApplications} mayRun={mayRun} />
        </section>
      )}
      <div className="grid">
        <section className="card" aria-labelledby="regions-heading">
          <h2 id="regions-heading">Regions</h2>
          {can(user.role, "application:read-all") && (
            <p className="muted">
              <Link href="/regions">Health over the last day, and which regions new orders may use</Link>
            </p>
          )}
          {regions.length === 0 ? (
            <p className="empty">No regions are configured yet. An approver adds them.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>Region</th>
                  <th>Cluster API</th>
                  <th>State</th>
                  {mayRun && <th>Disaster</th>}
                </tr>
              </thead>
              <tbody>
                {regions.map((region) => (
                  <tr key={region.id}>
                    <td>
                      <strong>{region.displayName}</strong>
                      <div className="mono">{region.name}</div>
                    </td>
                    <td className="mono">{region.apiUrl}</td>
                    <td>{region.enabled ? <span className="badge ok">enabled</span> : <span className="badge warn">disabled</span>}</td>
                    {mayRun && (
                      <td>
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
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section className="card" aria-labelledby="apps-heading">
          <h2 id="apps-heading">{user.role === "OWNER" ? "Your applications" : "Applications"}</h2>
          {applications.length === 0 ? (
            <p className="empty" data-testid="no-applications">
              No applications yet.{user.role === "OWNER" ? " Once you order an environment and it is approved, it shows here." : ""}
            </p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>Application</th>
                  <th>Profile</th>
                  <th>Active region</th>
                  <th>Status</th>
                </tr>
              </thead>
              <tbody>
                {applications.map((app) => (
                  <tr key={app.id}>
                    <td>
                      <Link href={`/applications/${app.name}`} className="mono">
                        {app.name}
                      </Link>
                    </td>
                    <td>{PROFILE_LABELS[app.profile]}</td>
                    <td>{app.activeRegion?.displayName ?? "—"}</td>
                    <td>{app.status.toLowerCase()}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
    </>
  );
}
