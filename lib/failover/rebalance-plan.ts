import type { Db } from "@/lib/db/client";
import { probeRegion } from "@/lib/regions/probe-region";
import type { RegionClients } from "@/lib/regions/region-clients";
import type { RescalePlan } from "./rescale-plan";
import { rebalanceableIn } from "./start-rebalance";

// What the rebalance page shows before its button: whether the region answers again, and per
// multi-site application what starts there again and what the other regions go back to.

export async function rebalancePlan(db: Db, clients: RegionClients, regionName: string) {
  const region = await db.region.findUnique({ where: { name: regionName } });
  if (!region) return null;
  const [rescales, probe] = await Promise.all([rebalanceableIn(db, region.id), probeRegion(clients, region.name)]);
  return {
    region: { name: region.name, displayName: region.displayName },
    probe,
    applications: rescales.map((rescale) => {
      const plan = rescale.plan as RescalePlan | null;
      return {
        application: rescale.application.name,
        regionFailoverId: rescale.regionFailoverId,
        since: rescale.createdAt.toISOString(),
        startsAgain: (plan?.lost ?? []).filter((share) => share.replicas > 0).map((share) => ({ name: share.name, replicas: share.replicas, assumed: share.assumed })),
        goesBack: (plan?.items ?? []).filter((item) => item.to !== item.from).map(({ region: where, name, from, to }) => ({ region: where, name, from, to })),
      };
    }),
  };
}
