import pLimit from "p-limit";
import type { Db } from "@/lib/db/client";
import type { RegionClients } from "@/lib/regions/region-clients";
import { capacityNeedOfExport, checkCapacity, cinderShortfalls, targetSideOf } from "./capacity";
import { exportNamespace } from "./namespace-export";
import { planRescale, assumedLostShares, type LostShare } from "./rescale-plan";
import { latestExportOf } from "./run-context";
import { readSurvivor } from "./rescale-multi-site";

// The region failover guard's capacity check, for every application that would move and for each
// target region as a whole: DR applications against their target namespace's quota, and all of
// them together against each target project's Cinder quota; multi-site applications as the
// rescale would plan them. Read with bounded concurrency, so a region of hundreds of applications
// is checked in seconds without flooding the clusters.

const CHECKS_AT_ONCE = 16;

export interface ApplicationCapacity {
  application: string;
  /** Where its work lands: the DR target region, or the regions that carry a multi-site share. */
  regions: string[];
  fits: boolean;
  /** The numbers: what did not fit where, or why it could not be checked. */
  shortfalls: string[];
}

export interface TargetRegionCapacity {
  region: string;
  /** DR volumes moving in, all applications together, against the region's Cinder project. */
  volumes: number;
  gigabytes: number;
  cinder: { volumes: { limit: number; inUse: number }; gigabytes: { limit: number; inUse: number } } | null;
  fits: boolean;
  shortfalls: string[];
}

type DrApplication = { id: string; name: string; regions: { active: { id: string; name: string }; standby: { name: string } }; activeNamespace: string; standbyNamespace: string };
type MultiSiteApplication = { name: string; namespaces: Array<{ region: string; namespace: string }> };

export async function regionFailoverCapacity(db: Db, clients: RegionClients, lostRegion: string, dr: DrApplication[], multiSite: MultiSiteApplication[]) {
  const limit = pLimit(CHECKS_AT_ONCE);
  const lostAnswers = await clients.cluster(lostRegion).version().then(() => true, () => false);
  const moving = new Map<string, { volumes: number; gigabytes: number }>();

  const drChecks = dr.map((application) =>
    limit(async (): Promise<ApplicationCapacity> => {
      const { active, standby } = application.regions;
      const { activeNamespace, standbyNamespace } = application;
      try {
        const exported = lostAnswers ? await exportNamespace(clients.cluster(active.name), activeNamespace) : await latestExportOf(db, application.id, active.id, activeNamespace);
        if (!exported) return { application: application.name, regions: [standby.name], fits: false, shortfalls: [`No export of ${activeNamespace} to read what would move: a forced failover of it would fail.`] };
        const cluster = clients.cluster(standby.name);
        const need = capacityNeedOfExport(exported, await targetSideOf(cluster, standbyNamespace));
        const total = moving.get(standby.name) ?? { volumes: 0, gigabytes: 0 };
        moving.set(standby.name, { volumes: total.volumes + need.volumes, gigabytes: total.gigabytes + need.gigabytes });
        // The Cinder project is shared by every application moving there: checked once below, for all of them.
        const check = await checkCapacity({ region: standby.name, namespace: standbyNamespace, cluster, storage: clients.blockStorage(standby.name) }, { ...need, volumes: 0, gigabytes: 0 });
        return { application: application.name, regions: [standby.name], fits: check.fits, shortfalls: check.shortfalls };
      } catch (error) {
        return { application: application.name, regions: [standby.name], fits: false, shortfalls: [`Could not be checked: ${(error as Error).message}`] };
      }
    }),
  );

  const multiSiteChecks = multiSite.map((application) =>
    limit(async (): Promise<ApplicationCapacity> => {
      const others = application.namespaces.filter((n) => n.region !== lostRegion);
      const lostNamespace = application.namespaces.find((n) => n.region === lostRegion)?.namespace ?? `${application.name}-prod`;
      try {
        const survivors = await Promise.all(others.map(({ region, namespace }) => readSurvivor(clients.cluster(region), region, namespace)));
        const lost: LostShare[] = lostAnswers
          ? (await clients.cluster(lostRegion).listWorkloads(lostNamespace)).map((w) => ({ kind: w.kind, name: w.name, replicas: w.replicas, assumed: false }))
          : assumedLostShares(survivors);
        const { shortfalls } = planRescale(lostRegion, lostNamespace, survivors, lost);
        return { application: application.name, regions: others.map((o) => o.region), fits: shortfalls.length === 0, shortfalls };
      } catch (error) {
        return { application: application.name, regions: others.map((o) => o.region), fits: false, shortfalls: [`Could not be checked: ${(error as Error).message}`] };
      }
    }),
  );

  const applications = [...(await Promise.all(drChecks)), ...(await Promise.all(multiSiteChecks))];
  const regions: TargetRegionCapacity[] = await Promise.all(
    [...moving.entries()].sort(([a], [b]) => a.localeCompare(b)).map(async ([region, need]) => {
      const cinder = await clients.blockStorage(region).quotaUsage().catch(() => null);
      if (!cinder) return { region, ...need, cinder, fits: false, shortfalls: [`${region}'s Cinder quota could not be read.`] };
      const shortfalls = cinderShortfalls(region, cinder, need);
      return { region, ...need, cinder, fits: shortfalls.length === 0, shortfalls };
    }),
  );
  return { applications, regions };
}
