import type { Db } from "@/lib/db/client";
import { probeRegion } from "@/lib/regions/probe-region";
import type { RegionClients } from "@/lib/regions/region-clients";
import { median } from "./preflight-summary";
import { drApplicationsActiveIn } from "./start-region-failover";

// What the region failover page shows before the button: the region's health now, the
// applications that would move, and how long that should take, from the failovers measured so far.

/** The per-run time assumed before any failover has been measured. */
const UNMEASURED_RUN_SECONDS = 40;

export async function regionFailoverPlan(db: Db, clients: RegionClients, regionName: string, concurrency: number) {
  const region = await db.region.findUnique({ where: { name: regionName } });
  if (!region) return null;
  const [applications, probe, history] = await Promise.all([
    drApplicationsActiveIn(db, region.id),
    probeRegion(clients, region.name),
    db.failoverRun.findMany({ where: { kind: { not: "DRILL" }, status: "SUCCEEDED", rtoSeconds: { not: null } }, orderBy: { createdAt: "desc" }, take: 50, select: { rtoSeconds: true } }),
  ]);
  const perRunSeconds = history.length ? median(history.map((run) => run.rtoSeconds!)) : UNMEASURED_RUN_SECONDS;
  return {
    region,
    applications,
    probe,
    concurrency,
    perRunSeconds,
    /** How many measured failovers the per-run time is the median of (0: none yet, an assumption). */
    measuredRuns: history.length,
    estimateSeconds: Math.ceil(applications.length / concurrency) * perRunSeconds,
  };
}
