import type { WorkloadKind } from "@/lib/platform/region-cluster";
import { addAmounts, formatQuantity, shortfallsOf, type QuotaAmounts } from "@/lib/platform/resource-quota";

// A multi-site application that loses a region carries the lost region's replicas in the others:
// "DR is simply re-scaling". Each workload's lost replicas are shared out among the regions that
// run it, as evenly as their quotas allow; what fits nowhere is said with the numbers. Pure: the
// executor reads the regions, this decides, and the decision is stored before anything is scaled.

export interface SurvivorNamespace {
  region: string;
  namespace: string;
  workloads: Array<{ kind: WorkloadKind; name: string; replicas: number; /** What one more pod counts against the quota (LimitRange defaults filled in). */ podUsage: QuotaAmounts }>;
  quotas: Array<{ name: string; hard: Record<string, string>; used: QuotaAmounts }>;
}

export interface LostShare {
  kind: WorkloadKind;
  name: string;
  replicas: number;
  /** The lost region could not be read: it is taken to have run what the busiest other region runs. */
  assumed: boolean;
}

// Types, not interfaces, so they are stored as JSON as they are.
export type RescaleItem = { region: string; namespace: string; kind: WorkloadKind; name: string; from: number; to: number; wanted: number };
export type RescalePlan = { lostRegion: string; lostNamespace: string; lost: LostShare[]; items: RescaleItem[]; survivors: string[] };

/** How many more pods of this usage the namespace's quotas take, up to `most`. */
function roomFor(namespace: SurvivorNamespace, used: QuotaAmounts[], pod: QuotaAmounts, most: number): number {
  let fits = 0;
  while (fits < most && namespace.quotas.every((quota, i) => shortfallsOf(quota, used[i]!, scaled(pod, fits + 1)).length === 0)) fits++;
  return fits;
}

const scaled = (amounts: QuotaAmounts, times: number): QuotaAmounts => Object.fromEntries(Object.entries(amounts).map(([resource, value]) => [resource, value * times]));

/** Why a namespace takes no more pods of this usage: the first quota resource it would exceed, with the numbers. */
function whyFull(namespace: SurvivorNamespace, used: QuotaAmounts[], pod: QuotaAmounts): string {
  for (const [i, quota] of namespace.quotas.entries()) {
    const [short] = shortfallsOf(quota, used[i]!, pod);
    if (short) return `${namespace.region}/${namespace.namespace} quota ${quota.name}: ${short.resource} ${formatQuantity(short.resource, short.used)} of ${formatQuantity(short.resource, short.hard)} used, each pod asks ${formatQuantity(short.resource, short.requested)}`;
  }
  return `${namespace.region}/${namespace.namespace}: full`;
}

/** What the lost region ran, when it cannot be read: each workload at the largest count any other region runs it at. */
export function assumedLostShares(survivors: SurvivorNamespace[]): LostShare[] {
  const largest = new Map<string, LostShare>();
  for (const workload of survivors.flatMap((s) => s.workloads)) {
    const key = `${workload.kind}/${workload.name}`;
    if ((largest.get(key)?.replicas ?? -1) < workload.replicas) largest.set(key, { kind: workload.kind, name: workload.name, replicas: workload.replicas, assumed: true });
  }
  return [...largest.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export function planRescale(lostRegion: string, lostNamespace: string, survivors: SurvivorNamespace[], lost: LostShare[]): { plan: RescalePlan; shortfalls: string[] } {
  const ordered = [...survivors].sort((a, b) => a.region.localeCompare(b.region));
  // What each quota of each namespace holds, as this plan adds pods to it.
  const used = new Map(ordered.map((ns) => [ns.region, ns.quotas.map((q) => ({ ...q.used }))]));
  const take = (ns: SurvivorNamespace, pod: QuotaAmounts, count: number) => used.set(ns.region, used.get(ns.region)!.map((u) => addAmounts(u, scaled(pod, count))));
  const items: RescaleItem[] = [];
  const shortfalls: string[] = [];

  for (const share of lost.filter((l) => l.replicas > 0)) {
    const holders = ordered.flatMap((ns) => {
      const workload = ns.workloads.find((w) => w.kind === share.kind && w.name === share.name);
      return workload ? [{ ns, workload }] : [];
    });
    if (holders.length === 0) {
      shortfalls.push(`${share.kind} ${share.name}: ${share.replicas} replica(s) ran only in ${lostRegion}; no other region runs it, so nothing can carry them.`);
      continue;
    }
    // An even share each, the remainder to the first regions; then what a quota refused goes to any region with room.
    const wanted = holders.map((_, i) => Math.floor(share.replicas / holders.length) + (i < share.replicas % holders.length ? 1 : 0));
    const added = holders.map(({ ns, workload }, i) => {
      const fits = roomFor(ns, used.get(ns.region)!, workload.podUsage, wanted[i]!);
      take(ns, workload.podUsage, fits);
      return fits;
    });
    let left = share.replicas - added.reduce((sum, n) => sum + n, 0);
    for (const [i, { ns, workload }] of holders.entries()) {
      if (left === 0) break;
      const more = roomFor(ns, used.get(ns.region)!, workload.podUsage, left);
      take(ns, workload.podUsage, more);
      added[i]! += more;
      left -= more;
    }
    holders.forEach(({ ns, workload }, i) => items.push({ region: ns.region, namespace: ns.namespace, kind: workload.kind, name: workload.name, from: workload.replicas, to: workload.replicas + added[i]!, wanted: workload.replicas + wanted[i]! }));
    if (left > 0) {
      const why = holders.map(({ ns, workload }) => whyFull(ns, used.get(ns.region)!, workload.podUsage)).join("; ");
      shortfalls.push(`${share.kind} ${share.name}: ${left} of the ${share.replicas} replica(s) ${lostRegion} ran${share.assumed ? " (assumed)" : ""} fit in no other region: ${why}.`);
    }
  }
  return { plan: { lostRegion, lostNamespace, lost, items, survivors: ordered.map((ns) => ns.region) }, shortfalls };
}
