import type { BlockStorageQuota, RegionBlockStorage } from "@/lib/platform/region-block-storage";
import { WORKLOAD_KINDS, type KubeObject, type RegionCluster } from "@/lib/platform/region-cluster";
import type { NamespaceExport } from "./namespace-export";
import { addAmounts, claimUsage, describeShortfalls, formatQuantity, parseQuantity, podUsage, shortfallsOf, type QuotaAmounts } from "@/lib/platform/resource-quota";

// Room in the target before anything moves: what the run will start there (the source's workloads
// at their replica counts, their claims) against the target namespace's ResourceQuota, and the
// volumes it will transfer against the target project's Cinder quota. A shortfall is said with the
// numbers, the way the API server and Cinder would say it once the run had got that far.

export interface CapacityNeed {
  /** What the target namespace's quota is asked to take: pods at their counts, new claims. */
  quota: QuotaAmounts;
  /** Cinder volumes that move into the target project, and their size. */
  volumes: number;
  gigabytes: number;
}

export interface CapacityCheck {
  fits: boolean;
  /** What was checked, with the numbers: for the guard and the pre-flight step's output. */
  lines: string[];
  /** Each limit the run would exceed, in the owning system's words. */
  shortfalls: string[];
}

type Container = { resources?: { requests?: Record<string, string>; limits?: Record<string, string> } };
type PodSpec = { containers?: Container[]; initContainers?: Container[] };
type LimitItem = { type?: string; default?: Record<string, string>; _default?: Record<string, string>; defaultRequest?: Record<string, string> };

/** A container's resources after the namespace's LimitRange defaults, as admission fills them in. */
function withDefaults(spec: PodSpec | undefined, ranges: KubeObject[]): PodSpec {
  const items = ranges.flatMap((range) => ((range.spec as { limits?: LimitItem[] } | undefined)?.limits ?? []).filter((item) => item.type === "Container"));
  const fill = (container: Container): Container => {
    const requests = { ...container.resources?.requests };
    const limits = { ...container.resources?.limits };
    for (const item of items) {
      // client-node's model names the item's "default" _default; a plain object keeps it as is.
      for (const [resource, value] of Object.entries(item.default ?? item._default ?? {})) limits[resource] ??= value;
      for (const [resource, value] of Object.entries(item.defaultRequest ?? {})) requests[resource] ??= value;
      for (const [resource, value] of Object.entries(limits)) requests[resource] ??= value;
    }
    return { resources: { requests, limits } };
  };
  return { containers: (spec?.containers ?? []).map(fill), initContainers: spec?.initContainers?.map(fill) };
}

/** What one pod of a workload counts against a quota in a namespace with these LimitRanges. */
export function podUsageOf(workload: KubeObject, limitRanges: KubeObject[]): QuotaAmounts {
  const template = (workload.spec as { template?: { spec?: PodSpec } } | undefined)?.template?.spec;
  return podUsage(withDefaults(template, limitRanges));
}

export type NamespaceQuota = { name: string; hard: Record<string, string>; used: QuotaAmounts };

/** ResourceQuota objects as hard limits and what their status says is used. */
export function quotasFrom(objects: KubeObject[]): NamespaceQuota[] {
  return objects.map((quota) => {
    const usedText = (quota.status as { used?: Record<string, string> } | undefined)?.used ?? {};
    return {
      name: quota.metadata.name,
      hard: (quota.spec as { hard?: Record<string, string> } | undefined)?.hard ?? {},
      used: Object.fromEntries(Object.entries(usedText).map(([resource, value]) => [resource, parseQuantity(value)])),
    };
  });
}

/** A namespace's quotas, read now. */
export async function quotasOf(cluster: RegionCluster, namespace: string): Promise<NamespaceQuota[]> {
  return quotasFrom((await cluster.listObjects("v1", "ResourceQuota", namespace)) ?? []);
}

/** What moving these workloads (at these replica counts) and claims asks of the target. */
export function capacityNeedOf(workloads: KubeObject[], replicas: (workload: KubeObject) => number, claims: KubeObject[], targetLimitRanges: KubeObject[], volumes: Array<{ size: number }>): CapacityNeed {
  const pods = workloads.flatMap((workload) => {
    const one = podUsageOf(workload, targetLimitRanges);
    return Array.from({ length: replicas(workload) }, () => one);
  });
  const claimed = claims.map((claim) => claimUsage((claim.spec as { resources?: { requests?: { storage?: string } } } | undefined)?.resources?.requests?.storage));
  return { quota: addAmounts(...pods, ...claimed), volumes: volumes.length, gigabytes: volumes.reduce((sum, volume) => sum + volume.size, 0) };
}

/** Reads the target's quotas now and says whether the need fits; a namespace of null (a drill's, not made yet) has only the Cinder project's. */
export async function checkCapacity(target: { region: string; namespace: string | null; cluster: RegionCluster; storage: RegionBlockStorage }, need: CapacityNeed): Promise<CapacityCheck> {
  const quotas = target.namespace ? await quotasOf(target.cluster, target.namespace) : [];
  const cinder = need.volumes > 0 ? await target.storage.quotaUsage() : null;
  return judgeCapacity(target, quotas, cinder, need);
}

/** Whether the need fits in these quotas (the namespace's, and the Cinder project's when volumes move), with the numbers either way. */
export function judgeCapacity(target: { region: string; namespace: string | null }, quotas: NamespaceQuota[], cinder: BlockStorageQuota | null, need: CapacityNeed): CapacityCheck {
  const lines: string[] = [];
  const shortfalls: string[] = [];
  const amount = (resource: string, value: number) => formatQuantity(resource, value);
  for (const quota of quotas) {
    const { hard, used } = quota;
    const short = shortfallsOf(quota, used, need.quota);
    if (short.length) shortfalls.push(`${target.region}/${target.namespace}: exceeded quota: ${quota.name}, ${describeShortfalls(short)}`);
    const checked = Object.keys(hard).filter((resource) => (need.quota[resource] ?? 0) > 0);
    if (!short.length && checked.length) {
      const room = checked.map((resource) => `${resource} +${amount(resource, need.quota[resource]!)} (${amount(resource, used[resource] ?? 0)} of ${amount(resource, parseQuantity(hard[resource]!))} used)`);
      lines.push(`${target.region}/${target.namespace} quota ${quota.name} has room: ${room.join(", ")}`);
    }
  }
  if (quotas.length === 0 && target.namespace) lines.push(`${target.region}/${target.namespace} has no ResourceQuota: nothing limits what starts there`);
  if (need.volumes > 0 && cinder) {
    const short = cinderShortfalls(target.region, cinder, need);
    shortfalls.push(...short);
    const limit = (n: number) => (n < 0 ? "unlimited" : String(n));
    if (!short.length) lines.push(`${target.region}'s Cinder project has room for ${need.volumes} volume(s), ${need.gigabytes} GB (${cinder.volumes.inUse}/${limit(cinder.volumes.limit)} volumes, ${cinder.gigabytes.inUse}/${limit(cinder.gigabytes.limit)} GB in use)`);
  }
  return { fits: shortfalls.length === 0, lines, shortfalls };
}

/** What a Cinder project's quota cannot take of volumes moving in, in Cinder's terms (-1: unlimited). */
export function cinderShortfalls(region: string, cinder: BlockStorageQuota, need: { volumes: number; gigabytes: number }): string[] {
  const over = (limit: number, inUse: number, more: number) => limit >= 0 && inUse + more > limit;
  return [
    ...(over(cinder.volumes.limit, cinder.volumes.inUse, need.volumes) ? [`${region}'s Cinder project: ${need.volumes} volume(s) to move in, ${cinder.volumes.inUse} of its ${cinder.volumes.limit} in use (quota 'volumes')`] : []),
    ...(over(cinder.gigabytes.limit, cinder.gigabytes.inUse, need.gigabytes) ? [`${region}'s Cinder project: ${need.gigabytes} GB to move in, ${cinder.gigabytes.inUse} of its ${cinder.gigabytes.limit} GB in use (quota 'gigabytes')`] : []),
  ];
}

/** What moving an exported namespace asks of the target: its workloads at their counts, the claims the target lacks, its volumes. */
export function capacityNeedOfExport(exported: NamespaceExport, target: { claims: KubeObject[]; limitRanges: KubeObject[] }): CapacityNeed {
  const isWorkload = (o: KubeObject) => (WORKLOAD_KINDS as readonly string[]).includes(o.kind);
  const there = new Set(target.claims.map((claim) => claim.metadata.name));
  const replicas = (workload: KubeObject) => exported.workloads.find((w) => w.kind === workload.kind && w.name === workload.metadata.name)?.replicas ?? 0;
  const claims = exported.objects.filter((o) => o.kind === "PersistentVolumeClaim" && !there.has(o.metadata.name));
  const sizeOf = (pvName: string) => {
    const pv = exported.persistentVolumes.find((p) => p.metadata.name === pvName);
    return Math.ceil(parseQuantity((pv?.spec as { capacity?: { storage?: string } } | undefined)?.capacity?.storage ?? "0") / 2 ** 30);
  };
  return capacityNeedOf(exported.objects.filter(isWorkload), replicas, claims, target.limitRanges, exported.volumes.map((v) => ({ size: sizeOf(v.pvName) })));
}

/**
 * What moving a namespace asks of the target, from its live workloads and claims (no export): for
 * the region failover guard, which reads hundreds at once. Its volumes are its bound claims, at
 * their bound size.
 */
export function capacityNeedOfLive(workloads: KubeObject[], claims: KubeObject[], target: { claims: KubeObject[]; limitRanges: KubeObject[] }): CapacityNeed {
  const there = new Set(target.claims.map((claim) => claim.metadata.name));
  const bound = claims.filter((claim) => (claim.status as { phase?: string } | undefined)?.phase === "Bound");
  const sizeOf = (claim: KubeObject) => Math.ceil(parseQuantity((claim.status as { capacity?: { storage?: string } }).capacity?.storage ?? "0") / 2 ** 30);
  return capacityNeedOf(
    workloads,
    (workload) => (workload.spec as { replicas?: number } | undefined)?.replicas ?? 1,
    claims.filter((claim) => !there.has(claim.metadata.name)),
    target.limitRanges,
    bound.map((claim) => ({ size: sizeOf(claim) })),
  );
}

/**
 * Room in a run's target for what an export says will move: the pre-flight page's and the run's
 * own pre-flight step's check. A drill's namespace does not exist yet, so only its Cinder project counts.
 */
export async function checkRunCapacity(exported: NamespaceExport, target: { region: string; namespace: string; cluster: RegionCluster; storage: RegionBlockStorage }, drill: boolean): Promise<CapacityCheck> {
  const need = capacityNeedOfExport(exported, drill ? { claims: [], limitRanges: [] } : await targetSideOf(target.cluster, target.namespace));
  return checkCapacity({ ...target, namespace: drill ? null : target.namespace }, need);
}

/** The target's claims and container defaults, which decide what an import adds there. */
export async function targetSideOf(cluster: RegionCluster, namespace: string) {
  const [claims, limitRanges] = await Promise.all([cluster.listObjects("v1", "PersistentVolumeClaim", namespace), cluster.listObjects("v1", "LimitRange", namespace)]);
  return { claims: claims ?? [], limitRanges: limitRanges ?? [] };
}
