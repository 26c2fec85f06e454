import type { Db } from "@/lib/db/client";
import { probeRegion, type RegionProbe } from "@/lib/regions/probe-region";
import type { RegionClients } from "@/lib/regions/region-clients";
import { regionFailoverCapacity } from "./region-capacity";
import { estimateRunTime, runTimeSamples } from "./run-time-estimate";
import { activeRescalesOf, drApplicationsActiveIn, multiSiteApplicationsIn, singleSiteApplicationsIn } from "./start-region-failover";

// What the region failover page shows before the button: the region's health now, what happens
// to each application there (DR ones move, multi-site ones are carried by their other regions,
// single-site ones are down), every target region's health and room, and how long the DR moves
// should take, from the failovers measured so far.

export async function regionFailoverPlan(db: Db, clients: RegionClients, regionName: string, concurrency: number) {
  const region = await db.region.findUnique({ where: { name: regionName } });
  if (!region) return null;
  const [applications, inRegion, down, carried, probe, samples] = await Promise.all([
    drApplicationsActiveIn(db, region.id),
    multiSiteApplicationsIn(db, region.id),
    singleSiteApplicationsIn(db, region.id),
    activeRescalesOf(db, region.id),
    probeRegion(clients, region.name),
    runTimeSamples(db, null, "FAILOVER"),
  ]);
  const multiSite = inRegion.filter((a) => !carried.has(a.id));
  const alreadyCarried = inRegion.filter((a) => carried.has(a.id)).map((a) => a.name);
  const targetNames = [...new Set([...applications.map((a) => a.regions.standby.name), ...multiSite.flatMap((a) => a.others)])].sort();
  const [targets, capacity] = await Promise.all([
    Promise.all(targetNames.map(async (name): Promise<{ name: string; probe: RegionProbe }> => ({ name, probe: await probeRegion(clients, name) }))),
    regionFailoverCapacity(db, clients, region.name, applications, multiSite),
  ]);
  // Every application's failovers and failbacks: the region's runs are of many applications at once.
  const perRun = estimateRunTime(samples, { application: region.name, kind: "FAILOVER", volumes: 1 });
  const batches = Math.ceil(applications.length / concurrency);
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
    perRun,
    /** Batches of `concurrency` runs one after the other, each as long as one run: median, and fastest to slowest. */
    estimate: { seconds: batches * perRun.seconds, low: batches * perRun.low, high: batches * perRun.high },
  };
}
