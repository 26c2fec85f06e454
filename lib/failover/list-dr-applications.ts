import type { Db } from "@/lib/db/client";
import { drRegionsOf } from "./dr-regions";

/** Every ready DR application with where it serves from, its active run and its last drill: on-call's overview. */
export async function listDrApplications(db: Db) {
  const applications = await db.application.findMany({
    where: { profile: "DR", status: "READY" },
    orderBy: { name: "asc" },
    include: {
      namespaces: { include: { region: true } },
      runs: { where: { OR: [{ activeApplicationId: { not: null } }, { kind: "DRILL", status: "SUCCEEDED" }] }, orderBy: { createdAt: "desc" }, take: 2 },
    },
  });
  return applications.flatMap((application) => {
    const regions = drRegionsOf(application);
    if (!regions) return [];
    return [
      {
        name: application.name,
        regions,
        activeRun: application.runs.find((r) => r.activeApplicationId !== null) ?? null,
        lastDrill: application.runs.find((r) => r.kind === "DRILL" && r.status === "SUCCEEDED") ?? null,
      },
    ];
  });
}
