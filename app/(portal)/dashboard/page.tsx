import { DashboardLive } from "@/components/dashboard-live";
import { DrApplicationsTable } from "@/components/dr-applications-table";
import { Panel } from "@/components/panel";
import { can } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { config } from "@/lib/config/config";
import { sharedDashboardSummary } from "@/lib/dashboard/dashboard-summary";
import { db } from "@/lib/db/client";
import { searchParamsOf } from "@/lib/lists/page-query";

export const metadata = { title: "Dashboard" };
export const dynamic = "force-dynamic";

export default async function DashboardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const params = searchParamsOf(await searchParams);
  const summary = await sharedDashboardSummary(db(), { drillIntervalDays: config().drillIntervalDays });
  const mayRun = can(user.role, "run:start");

  return (
    <>
      <h1>Dashboard</h1>
      <p className="lead">What needs someone first, then every region and how many applications serve from it. The summary refreshes every 5 seconds; region health is checked every 30.</p>
      <DashboardLive initial={summary} mayRun={mayRun} />
      <Panel as="section" aria-labelledby="dr-h">
        <h2 id="dr-h">DR applications</h2>
        <DrApplicationsTable db={db()} params={params} mayRun={mayRun} showNamespaces testId="dashboard-dr-applications" />
      </Panel>
    </>
  );
}
