import { notFound } from "next/navigation";
import { refuse } from "@/components/forbidden";
import { RegionFailoverProgress } from "@/components/region-failover-progress";
import { can } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { getRegionFailover } from "@/lib/failover/get-region-failover";

export const metadata = { title: "Region failover" };
export const dynamic = "force-dynamic";

export default async function RegionFailoverProgressPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  if (!can(user.role, "application:read-all")) refuse("application:read-all", "see region failovers");
  const view = await getRegionFailover(db(), (await params).id);
  if (!view) notFound();
  return <RegionFailoverProgress initial={view} canRebalance={can(user.role, "run:start")} />;
}
