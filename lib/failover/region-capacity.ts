import type { Db } from "@/lib/db/client";
import { WORKLOAD_API_VERSION, WORKLOAD_KINDS, type KubeObject } from "@/lib/platform/region-cluster";
import type { RegionClients } from "@/lib/regions/region-clients";
import { capacityNeedOfExport, capacityNeedOfLive, cinderShortfalls, judgeCapacity, quotasFrom } from "./capacity";
import { assumedLostShares, planRescale, type LostShare } from "./rescale-plan";
import { survivorFrom } from "./rescale-multi-site";
import { latestExportOf } from "./run-context";

// The region failover guard's capacity check, for every application that would move and for each
// target region as a whole: DR applications against their target namespace's quota, and all of
// them together against each target project's Cinder quota; multi-site applications as the
// rescale would plan them. Each region is read once, cluster-wide (a list per kind, as an
// informer would), not once per application, so a region of hundreds of applications costs a
// handful of calls.

export interface ApplicationCapacity {
  application: string;
  /** Where its work lands: the DR target region, or the regions that carry a multi-site share. */
  regions: string[];
  fits: boolean;
  /** The numbers: what did not fit where, or why it could not be checked. */
  shortfalls: string[];
  /** A DR application's Cinder volumes that move (read live, or from the last export): null when they could not be read. */
  moves?: { volumes: number; gigabytes: number; from: "live" | "export" } | null;
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
type Snapshot = Record<"workloads" | "claims" | "limitRanges" | "quotas", Map<string, KubeObject[]>>;

const byNamespace = (objects: KubeObject[]) => {
  const map = new Map<string, KubeObject[]>();
  for (const object of objects) map.set(object.metadata.namespace ?? "", [...(map.get(object.metadata.namespace ?? "") ?? []), object]);
  return map;
};

/** A region's workloads, claims, container defaults and quotas in every namespace: one list per kind. */
async function snapshotOf(clients: RegionClients, region: string): Promise<Snapshot> {
  const cluster = clients.cluster(region);
  const [claims, limitRanges, quotas, ...workloads] = await Promise.all([
    cluster.listObjects("v1", "PersistentVolumeClaim"),
    cluster.listObjects("v1", "LimitRange"),
    cluster.listObjects("v1", "ResourceQuota"),
    ...WORKLOAD_KINDS.map((kind) => cluster.listObjects(WORKLOAD_API_VERSION[kind], kind)),
  ]);
  return { claims: byNamespace(claims ?? []), limitRanges: byNamespace(limitRanges ?? []), quotas: byNamespace(quotas ?? []), workloads: byNamespace(workloads.flatMap((list) => list ?? [])) };
}

export async function regionFailoverCapacity(db: Db, clients: RegionClients, lostRegion: string, dr: DrApplication[], multiSite: MultiSiteApplication[]) {
  const targetNames = [...new Set([...dr.map((a) => a.regions.standby.name), ...multiSite.flatMap((a) => a.namespaces.map((n) => n.region).filter((r) => r !== lostRegion))])];
  const snapshots = new Map<string, Snapshot | Error>();
  await Promise.all([lostRegion, ...targetNames].map(async (region) => snapshots.set(region, await snapshotOf(clients, region).catch((error: Error) => error))));
  const lost = snapshots.get(lostRegion)!;
  const of = (snapshot: Snapshot, namespace: string) => ({
    workloads: snapshot.workloads.get(namespace) ?? [],
    claims: snapshot.claims.get(namespace) ?? [],
    limitRanges: snapshot.limitRanges.get(namespace) ?? [],
    quotas: snapshot.quotas.get(namespace) ?? [],
  });
  const moving = new Map<string, { volumes: number; gigabytes: number }>();

  const applications: ApplicationCapacity[] = [];
  for (const application of dr) {
    const { active, standby } = application.regions;
    const result = (fits: boolean, shortfalls: string[], moves: ApplicationCapacity["moves"] = null) => applications.push({ application: application.name, regions: [standby.name], fits, shortfalls, moves });
    const target = snapshots.get(standby.name)!;
    if (target instanceof Error) {
      result(false, [`${standby.name} could not be read: ${target.message}`]);
      continue;
    }
    const there = of(target, application.standbyNamespace);
    // Live while the region answers; else what its last export says would move.
    const exported = lost instanceof Error ? await latestExportOf(db, application.id, active.id, application.activeNamespace) : null;
    if (lost instanceof Error && !exported) {
      result(false, [`No export of ${application.activeNamespace} to read what would move: a forced failover of it would fail.`]);
      continue;
    }
    const source = lost instanceof Error ? null : of(lost, application.activeNamespace);
    const need = exported ? capacityNeedOfExport(exported, there) : capacityNeedOfLive(source!.workloads, source!.claims, there);
    const total = moving.get(standby.name) ?? { volumes: 0, gigabytes: 0 };
    moving.set(standby.name, { volumes: total.volumes + need.volumes, gigabytes: total.gigabytes + need.gigabytes });
    // The Cinder project is shared by every application moving there: judged once below, for all of them.
    const check = judgeCapacity({ region: standby.name, namespace: application.standbyNamespace }, quotasFrom(there.quotas), null, { ...need, volumes: 0, gigabytes: 0 });
    result(check.fits, check.shortfalls, { volumes: need.volumes, gigabytes: need.gigabytes, from: exported ? "export" : "live" });
  }

  for (const application of multiSite) {
    const others = application.namespaces.filter((n) => n.region !== lostRegion);
    const lostNamespace = application.namespaces.find((n) => n.region === lostRegion)?.namespace ?? `${application.name}-prod`;
    const unread = others.map((o) => snapshots.get(o.region)!).find((s): s is Error => s instanceof Error);
    if (unread) {
      applications.push({ application: application.name, regions: others.map((o) => o.region), fits: false, shortfalls: [`Could not be checked: ${unread.message}`] });
      continue;
    }
    const survivors = others.map(({ region, namespace }) => survivorFrom(region, namespace, of(snapshots.get(region) as Snapshot, namespace)));
    const shares: LostShare[] =
      lost instanceof Error
        ? assumedLostShares(survivors)
        : of(lost, lostNamespace).workloads.map((w) => ({ kind: w.kind as LostShare["kind"], name: w.metadata.name, replicas: (w.spec as { replicas?: number } | undefined)?.replicas ?? 1, assumed: false }));
    const { shortfalls } = planRescale(lostRegion, lostNamespace, survivors, shares);
    applications.push({ application: application.name, regions: others.map((o) => o.region), fits: shortfalls.length === 0, shortfalls });
  }

  const regions: TargetRegionCapacity[] = await Promise.all(
    [...moving.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(async ([region, need]) => {
        const cinder = await clients
          .blockStorage(region)
          .quotaUsage()
          .catch(() => null);
        if (!cinder) return { region, ...need, cinder, fits: false, shortfalls: [`${region}'s Cinder quota could not be read.`] };
        const shortfalls = cinderShortfalls(region, cinder, need);
        return { region, ...need, cinder, fits: shortfalls.length === 0, shortfalls };
      }),
  );
  return { applications, regions };
}
