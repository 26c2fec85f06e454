import type { Db } from "@/lib/db/client";
import type { FailoverRun, Prisma } from "@/lib/generated/prisma/client";
import { fetchPage, type PageQuery, type Paged } from "@/lib/lists/page-query";
import { sortKey, type ListOrder, type SortDirection } from "@/lib/lists/seek";
import { drRegionsOf, type DrRegions } from "./dr-regions";
import type { DrState } from "./dr-state";

export const DR_APPLICATION_SORTS = ["name", "region"] as const;
export type DrApplicationSort = (typeof DR_APPLICATION_SORTS)[number];

const DR_ORDER: Record<DrApplicationSort, (dir: SortDirection) => ListOrder> = {
  name: (dir) => [sortKey("name", dir, "string")],
  // An absent relation sorts where the database puts nulls: counted to, not sought (as list-applications).
  region: (dir) => [sortKey("activeRegion.name", dir, "string", { seek: false }), sortKey("name", "asc", "string")],
};

export interface DrApplicationRow {
  name: string;
  regions: DrRegions;
  drState: DrState | null;
  activeRun: FailoverRun | null;
  lastDrill: FailoverRun | null;
  namespaces: { created: number; total: number; pairing: string | null };
}

/**
 * A page of ready DR applications, searched by name, with where each serves from, its namespaces,
 * its run in progress and its last drill: on-call's overview.
 */
export async function listDrApplications(db: Db, query: PageQuery<DrApplicationSort>): Promise<Paged<DrApplicationRow>> {
  const where: Prisma.ApplicationWhereInput = { profile: "DR", status: "READY", ...(query.q ? { name: { contains: query.q, mode: "insensitive" } } : {}) };
  const page = await fetchPage(
    query,
    DR_ORDER[query.sort](query.dir),
    ({ seek, orderBy, skip, take }) => db.application.findMany({ where: { AND: [where, seek] }, orderBy, skip, take, include: { namespaces: { include: { region: true } } } }),
    (atMost) => db.application.count({ where, take: atMost }),
  );
  const ids = page.items.map((a) => a.id);
  // One query each, whatever the history: an application with years of drills costs one index
  // lookup (applicationId, createdAt), not all its runs (measured: `npm run bench`).
  const [activeRuns, lastDrills] = await Promise.all([
    db.failoverRun.findMany({ where: { activeApplicationId: { in: ids } } }),
    db.$queryRaw<FailoverRun[]>`
      SELECT last.* FROM unnest(${ids}::text[]) AS application(id)
      CROSS JOIN LATERAL (
        SELECT * FROM "FailoverRun"
        WHERE "applicationId" = application.id AND kind = 'DRILL' AND status = 'SUCCEEDED'
        ORDER BY "createdAt" DESC LIMIT 1
      ) AS last`,
  ]);
  const activeOf = new Map(activeRuns.map((r) => [r.applicationId, r]));
  const lastDrillOf = new Map(lastDrills.map((r) => [r.applicationId, r]));
  const items = page.items.flatMap((application) => {
    const regions = drRegionsOf(application);
    if (!regions) return [];
    const namespaces = { created: application.namespaces.filter((ns) => ns.status === "CREATED").length, total: application.namespaces.length, pairing: application.pairingState };
    return [{ name: application.name, regions, drState: application.drState as DrState | null, activeRun: activeOf.get(application.id) ?? null, lastDrill: lastDrillOf.get(application.id) ?? null, namespaces }];
  });
  return { ...page, items };
}
