import type { NamespaceExport } from "@/lib/failover/namespace-export";
import { WORKLOAD_KINDS, type KubeObject } from "@/lib/platform/region-cluster";

// DR sync's one decision: given what the active namespace holds and what the passive one holds,
// what the passive one should hold (the same objects, workloads at 0 replicas, claims naming the
// volume a failover will bring but bound to nothing yet), and how the two differ now.

export type DriftChange = "added" | "changed" | "removed";

export interface DriftEntry {
  kind: string;
  name: string;
  /** added: in the active namespace only; changed: in both but different; removed: in the passive one only. */
  change: DriftChange;
}

export interface SkippedObject {
  kind: string;
  name: string;
  reason: string;
}

export interface SyncPlan {
  /** What the passive namespace gets, in apply order; each object as it should be there. */
  apply: KubeObject[];
  /** What the passive namespace holds that the active one no longer does. */
  remove: Array<{ apiVersion: string; kind: string; name: string }>;
  drift: DriftEntry[];
  skipped: SkippedObject[];
}

const isWorkload = (kind: string) => (WORKLOAD_KINDS as readonly string[]).includes(kind);
const keyOf = (o: { kind: string; metadata: { name: string } }) => `${o.kind}/${o.metadata.name}`;

/** The object as the passive namespace should hold it. */
function forPassive(object: KubeObject, namespace: string): KubeObject {
  const spec = object.spec as Record<string, unknown> | undefined;
  return {
    ...object,
    metadata: { ...object.metadata, namespace },
    ...(isWorkload(object.kind) ? { spec: { ...spec, replicas: 0 } } : {}),
  };
}

/** What two objects are compared by: their content, not what a cluster assigns or how many replicas run. */
function comparable(object: KubeObject) {
  const { labels, annotations } = object.metadata;
  const spec = object.spec && typeof object.spec === "object" ? { ...(object.spec as Record<string, unknown>) } : object.spec;
  if (spec && typeof spec === "object" && isWorkload(object.kind)) delete (spec as Record<string, unknown>).replicas;
  const rest = Object.fromEntries(Object.entries(object).filter(([key]) => !["metadata", "spec", "status", "apiVersion"].includes(key)));
  return JSON.stringify(sortKeys({ labels: labels ?? {}, annotations: annotations ?? {}, spec, ...rest }));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, sortKeys(v)]));
  return value;
}

/** Workloads running in a namespace that should be passive: a sign it serves, and sync must not touch it. */
export function runningWorkloads(passive: NamespaceExport) {
  return passive.workloads.filter((w) => w.replicas > 0).map((w) => `${w.kind} ${w.name} (${w.replicas})`);
}

export function drSyncPlan(active: NamespaceExport, passive: NamespaceExport): SyncPlan {
  const skipped: SkippedObject[] = [];
  const wanted: KubeObject[] = [];
  for (const object of active.objects) {
    const host = object.kind === "Route" ? (object.spec as { host?: string } | undefined)?.host : undefined;
    if (host && host.includes(active.region)) {
      // A host under the active region's own domain would send DR traffic to the region that failed.
      skipped.push({ kind: object.kind, name: object.metadata.name, reason: `its host ${host} belongs to ${active.region}; a failover creates it in ${passive.region} with a host of its own` });
      continue;
    }
    wanted.push(forPassive(object, passive.namespace));
  }
  const present = new Map(passive.objects.map((o) => [keyOf(o), o]));
  const wantedKeys = new Set(wanted.map(keyOf));
  const skippedKeys = new Set(skipped.map((s) => `${s.kind}/${s.name}`));
  const drift: DriftEntry[] = [];
  const apply: KubeObject[] = [];
  for (const object of wanted) {
    const there = present.get(keyOf(object));
    if (!there) drift.push({ kind: object.kind, name: object.metadata.name, change: "added" });
    else if (comparable(there) !== comparable(object)) drift.push({ kind: object.kind, name: object.metadata.name, change: "changed" });
    else continue;
    apply.push(object);
  }
  const remove = passive.objects
    .filter((o) => !wantedKeys.has(keyOf(o)) && !skippedKeys.has(keyOf(o)))
    .map((o) => ({ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name }));
  for (const r of remove) drift.push({ kind: r.kind, name: r.name, change: "removed" });
  drift.sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
  return { apply, remove, drift, skipped };
}
