import type { Db } from "@/lib/db/client";
import { probeRegion, type RegionProbe } from "@/lib/regions/probe-region";
import type { RegionClients } from "@/lib/regions/region-clients";
import { median } from "./preflight-summary";
import { regionFailoverCapacity } from "./region-capacity";
import { activeRescalesOf, drApplicationsActiveIn, multiSiteApplicationsIn, singleSiteApplicationsIn } from "./start-region-failover";

// What the region failover page shows before the button: the region's health now, what happens
// to each application there (DR ones move, multi-site ones are carried by their other regions,
// single-site ones are down), every target region's health and room, and how long the DR moves
// should take, from the failovers measured so far.

/** The per-run time assumed before any failover has been measured. */
const UNMEASURED_RUN_SECONDS = 40;

export async function regionFailoverPlan(db: Db, clients: RegionClients, regionName: string, concurrency: number) {
  const region = await db.region.findUnique({ where: { name: regionName } });
  if (!region) return null;
  const [applications, inRegion, down, carried, probe, history] = await Promise.all([
    drApplicationsActiveIn(db, region.id),
    multiSiteApplicationsIn(db, region.id),
    singleSiteApplicationsIn(db, region.id),
    activeRescalesOf(db, region.id),
    probeRegion(clients, region.name),
    db.failoverRun.findMany({ where: { kind: { not: "DRILL" }, status: "SUCCEEDED", rtoSeconds: { not: null } }, orderBy: { createdAt: "desc" }, take: 50, select: { rtoSeconds: true } }),
  ]);
  const multiSite = inRegion.filter((a) => !carried.has(a.id));
  const alreadyCarried = inRegion.filter((a) => carried.has(a.id)).map((a) => a.name);
  const targetNames = [...new Set([...applications.map((a) => a.regions.standby.name), ...multiSite.flatMap((a) => a.others)])].sort();
  const [targets, capacity] = await Promise.all([
    Promise.all(targetNames.map(async (name): Promise<{ name: string; probe: RegionProbe }> => ({ name, probe: await probeRegion(clients, name) }))),
    regionFailoverCapacity(db, clients, region.name, applications, multiSite),
  ]);
  const perRunSeconds = history.length ? median(history.map((run) => run.rtoSeconds!)) : UNMEASURED_RUN_SECONDS;
  return {
    region,
    applications,
    multiSite: multiSite.map(({ name, others }) => ({ name, others })),
    alreadyCarried,
    down,
    probe,
    targets: targets.map((target) => ({ ...target, capacity: capacity.regions.find((r) => r.region === target.name) ?? null })),
    capacity: capacity.applications,
    concurrency,
    perRunSeconds,
    /** How many measured failovers the per-run time is the median of (0: none yet, an assumption). */
    measuredRuns: history.length,
    estimateSeconds: Math.ceil(applications.length / concurrency) * perRunSeconds,
  };
}
