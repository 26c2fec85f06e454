import type { Db } from "@/lib/db/client";
import type { Profile } from "@/lib/generated/prisma/client";
import { listDrApplications } from "@/lib/failover/list-dr-applications";
import { listEnabledRegions } from "@/lib/regions/list-regions";

// What on-call and the platform team look at first: every region with its last health check and
// the applications serving from it, by profile; every DR application with where it serves from,
// its namespaces, its last drill and any run in progress.

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
  const [regions, applications, drApplications, activeRuns] = await Promise.all([
    listEnabledRegions(db),
    db.application.findMany({ where: { status: { in: ["READY", "PROVISIONING", "FAILED"] } }, include: { namespaces: { select: { regionId: true, role: true, status: true } } }, orderBy: { name: "asc" } }),
    listDrApplications(db),
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
  for (const dr of drApplications) byId.get(dr.regions.standby.id)?.standby.push(dr.name);
  const namespaceState = new Map(
    applications.map((a) => [a.name, { created: a.namespaces.filter((ns) => ns.status === "CREATED").length, total: a.namespaces.length, pairing: a.pairingState, pairingCheckedAt: a.pairingCheckedAt }]),
  );
  return {
    regions: overview,
    drApplications: drApplications.map((dr) => ({ ...dr, namespaces: namespaceState.get(dr.name) ?? { created: 0, total: 0, pairing: null, pairingCheckedAt: null } })),
    activeRuns,
  };
}
