import type { Db } from "@/lib/db/client";
import type { FailoverRun } from "@/lib/generated/prisma/client";
import { drRegionsOf } from "./dr-regions";
import type { DrState } from "./dr-state";

/** Every ready DR application with where it serves from, its active run and its last drill: on-call's overview. */
export async function listDrApplications(db: Db) {
  const applications = await db.application.findMany({
    where: { profile: "DR", status: "READY" },
    orderBy: { name: "asc" },
    include: { namespaces: { include: { region: true } } },
  });
  const ids = applications.map((a) => a.id);
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
  return applications.flatMap((application) => {
    const regions = drRegionsOf(application);
    if (!regions) return [];
    return [{ name: application.name, regions, drState: application.drState as DrState | null, activeRun: activeOf.get(application.id) ?? null, lastDrill: lastDrillOf.get(application.id) ?? null }];
  });
}
