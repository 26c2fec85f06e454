import type { Db } from "@/lib/db/client";
import type { Profile } from "@/lib/generated/prisma/client";
import { drRegionsOf } from "@/lib/failover/dr-regions";
import { listEnabledRegions } from "@/lib/regions/list-regions";

// What on-call and the platform team look at first: every region with its last health check and
// the applications serving from it, by profile (DR ones where they stand by too), and the runs in
// progress. The DR applications themselves are a paged list (lib/failover/list-dr-applications.ts).

export interface RegionOverview {
  name: string;
  displayName: string;
  health: { checkedAt: Date | null; clusterUp: boolean | null; clusterLatencyMs: number | null; storageUp: boolean | null; storageLatencyMs: number | null; error: string | null };
  /** Applications serving from the region: DR and single-site where active, multi-site everywhere. */
  serving: Record<Profile, string[]>;
  /** DR applications whose standby is here. */
  standby: string[];
}

export async function dashboardOverview(db: Db) {
  const [regions, applications, activeRuns] = await Promise.all([
    listEnabledRegions(db),
    db.application.findMany({ where: { status: { in: ["READY", "PROVISIONING", "FAILED"] } }, include: { namespaces: { select: { regionId: true, role: true, status: true, region: { select: { id: true, name: true } } } } }, orderBy: { name: "asc" } }),
    db.failoverRun.findMany({ where: { activeApplicationId: { not: null } }, include: { application: { select: { name: true } }, fromRegion: true, toRegion: true }, orderBy: { createdAt: "asc" } }),
  ]);
  const overview: RegionOverview[] = regions.map((region) => ({
    name: region.name,
    displayName: region.displayName,
    health: { checkedAt: region.healthCheckedAt, clusterUp: region.clusterUp, clusterLatencyMs: region.clusterLatencyMs, storageUp: region.storageUp, storageLatencyMs: region.storageLatencyMs, error: region.healthError },
    serving: { SINGLE_SITE: [], MULTI_SITE: [], DR: [] },
    standby: [],
  }));
  const byId = new Map(regions.map((r, i) => [r.id, overview[i]!]));
  for (const application of applications) {
    if (application.profile === "MULTI_SITE") {
      for (const regionId of new Set(application.namespaces.filter((ns) => ns.role === "PROD").map((ns) => ns.regionId))) byId.get(regionId)?.serving.MULTI_SITE.push(application.name);
    } else if (application.activeRegionId) {
      byId.get(application.activeRegionId)?.serving[application.profile].push(application.name);
    }
  }
  for (const application of applications) {
    const standby = application.profile === "DR" && application.status === "READY" ? drRegionsOf(application)?.standby : undefined;
    if (standby) byId.get(standby.id)?.standby.push(application.name);
  }
  return { regions: overview, activeRuns };
}
