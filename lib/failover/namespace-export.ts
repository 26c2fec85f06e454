import { cinderVolumeIdOf, withCinderVolumeId } from "@/lib/platform/cinder-volume";
import { WORKLOAD_KINDS, type KubeObject, type RegionCluster, type WorkloadKind } from "@/lib/platform/region-cluster";

// What a failover carries from one region to the other: a namespace's objects, cleaned of what
// the source cluster assigned, and the PersistentVolumes its claims are bound to.

/** In the order they are imported: what pods need exists before the pods do. */
export const EXPORTED_KINDS = [
  { apiVersion: "v1", kind: "Secret" },
  { apiVersion: "v1", kind: "ConfigMap" },
  { apiVersion: "v1", kind: "PersistentVolumeClaim" },
  { apiVersion: "apps/v1", kind: "Deployment" },
  { apiVersion: "apps.openshift.io/v1", kind: "DeploymentConfig" },
  { apiVersion: "v1", kind: "Service" },
  { apiVersion: "route.openshift.io/v1", kind: "Route" },
] as const;

export interface ExportedVolume {
  pvName: string;
  claimName: string;
  volumeId: string;
}

export interface NamespaceExport {
  region: string;
  namespace: string;
  takenAt: string;
  objects: KubeObject[];
  persistentVolumes: KubeObject[];
  /** Replica counts before the run touched anything: what the target is scaled up to. */
  workloads: Array<{ kind: WorkloadKind; name: string; replicas: number }>;
  volumes: ExportedVolume[];
  /** What was left out, and why. */
  notes: string[];
}

// Secrets the cluster writes for service accounts belong to that cluster.
const CLUSTER_OWNED_SECRET_TYPES = new Set(["kubernetes.io/service-account-token", "kubernetes.io/dockercfg", "kubernetes.io/dockerconfigjson"]);
const ASSIGNED_METADATA = ["uid", "resourceVersion", "creationTimestamp", "managedFields", "generation", "selfLink", "ownerReferences", "deletionTimestamp", "generateName"];
const ASSIGNED_ANNOTATIONS = /^(kubectl\.kubernetes\.io\/last-applied-configuration|pv\.kubernetes\.io\/|volume\.kubernetes\.io\/|volume\.beta\.kubernetes\.io\/|deployment\.kubernetes\.io\/revision|openshift\.io\/host\.generated)/;

function clean(object: KubeObject, apiVersion: string, kind: string): KubeObject {
  const metadata: KubeObject["metadata"] = { ...object.metadata };
  for (const field of ASSIGNED_METADATA) delete metadata[field];
  if (metadata.annotations) {
    metadata.annotations = Object.fromEntries(Object.entries(metadata.annotations).filter(([key]) => !ASSIGNED_ANNOTATIONS.test(key)));
  }
  const cleaned: KubeObject = { ...object, apiVersion, kind, metadata };
  delete cleaned.status;
  if (kind === "Service") {
    const spec = { ...(cleaned.spec as Record<string, unknown>) };
    delete spec.clusterIP;
    delete spec.clusterIPs;
    cleaned.spec = spec;
  }
  if (kind === "PersistentVolume") {
    const spec = { ...(cleaned.spec as Record<string, unknown>) };
    delete spec.claimRef; // the target's claim binds it afresh (step 8 of the procedure)
    cleaned.spec = spec;
  }
  return cleaned;
}

/** The PersistentVolume a claim is bound to, and the Cinder volume behind it (null when it is not one). */
export async function boundVolumeOf(cluster: RegionCluster, claim: KubeObject): Promise<{ pv: KubeObject | null; volumeId: string | null }> {
  const pvName = (claim.spec as { volumeName?: string } | undefined)?.volumeName;
  const pv = pvName ? await cluster.getObject({ apiVersion: "v1", kind: "PersistentVolume", name: pvName }) : null;
  return { pv, volumeId: pv ? cinderVolumeIdOf(pv) : null };
}

export async function exportNamespace(cluster: RegionCluster, namespace: string): Promise<NamespaceExport> {
  const objects: KubeObject[] = [];
  const notes: string[] = [];
  // One list per kind, all at once; the objects keep the kinds' order.
  const lists = await Promise.all(EXPORTED_KINDS.map(({ apiVersion, kind }) => cluster.listObjects(apiVersion, kind, namespace)));
  for (const [i, { apiVersion, kind }] of EXPORTED_KINDS.entries()) {
    const found = lists[i];
    if (found === null || found === undefined) continue; // e.g. DeploymentConfigs on a cluster that does not serve them
    for (const object of found) {
      if (kind === "Secret" && CLUSTER_OWNED_SECRET_TYPES.has(String(object.type))) continue;
      if (kind === "ConfigMap" && ["kube-root-ca.crt", "openshift-service-ca.crt"].includes(object.metadata.name)) continue;
      objects.push(clean(object, apiVersion, kind));
    }
  }
  const workloads = objects
    .filter((o) => (WORKLOAD_KINDS as readonly string[]).includes(o.kind))
    .map((o) => ({ kind: o.kind as WorkloadKind, name: o.metadata.name, replicas: (o.spec as { replicas?: number }).replicas ?? 1 }));
  const persistentVolumes: KubeObject[] = [];
  const volumes: ExportedVolume[] = [];
  const claims = objects.filter((o) => o.kind === "PersistentVolumeClaim");
  const bound = await Promise.all(claims.map((claim) => boundVolumeOf(cluster, claim)));
  for (const [i, claim] of claims.entries()) {
    const { pv, volumeId } = bound[i]!;
    if (!pv) {
      notes.push(`claim ${claim.metadata.name} is not bound to a volume; it is carried over empty`);
      continue;
    }
    if (!volumeId) {
      notes.push(`volume ${pv.metadata.name} (claim ${claim.metadata.name}) is not a Cinder volume; its data cannot move with the application`);
      continue;
    }
    persistentVolumes.push(clean(pv, "v1", "PersistentVolume"));
    volumes.push({ pvName: pv.metadata.name, claimName: claim.metadata.name, volumeId });
  }
  return { region: cluster.region, namespace, takenAt: new Date().toISOString(), objects, persistentVolumes, workloads, volumes, notes };
}

export interface ImportPlan {
  objects: KubeObject[];
  notes: string[];
}

/**
 * The objects to apply in the target namespace: workloads at 0 replicas (a later step scales
 * them), volumes pointing at the Cinder volume that now holds the data, hosts that only exist
 * in the source region left for the target cluster to assign.
 */
export function importPlan(
  exported: NamespaceExport,
  target: { namespace: string; region: string },
  options: { volumeIdOf?: (sourceVolumeId: string) => string; pvSuffix?: string; withRoutes?: boolean } = {},
): ImportPlan {
  const notes: string[] = [];
  const renamePv = (name: string) => (options.pvSuffix ? `${name}-${options.pvSuffix}`.slice(0, 253) : name);
  const into = (o: KubeObject): KubeObject => ({ ...o, metadata: { ...o.metadata, namespace: target.namespace } });
  const pvs = exported.persistentVolumes.map((pv) => {
    const volumeId = cinderVolumeIdOf(pv)!;
    return withCinderVolumeId({ ...pv, metadata: { ...pv.metadata, name: renamePv(pv.metadata.name) } }, options.volumeIdOf?.(volumeId) ?? volumeId);
  });
  const namespaced: KubeObject[] = [];
  for (const object of exported.objects) {
    if (object.kind === "Route") {
      if (options.withRoutes === false) {
        notes.push(`route ${object.metadata.name} left out: the drill gets no traffic`);
        continue;
      }
      const host = (object.spec as { host?: string }).host;
      if (host && host.includes(exported.region)) {
        notes.push(`route ${object.metadata.name}: host ${host} belongs to ${exported.region}; ${target.region} assigns its own`);
        const spec = { ...(object.spec as Record<string, unknown>) };
        delete spec.host;
        namespaced.push(into({ ...object, spec }));
        continue;
      }
    }
    if (object.kind === "PersistentVolumeClaim") {
      const volumeName = (object.spec as { volumeName?: string }).volumeName;
      namespaced.push(into({ ...object, spec: { ...(object.spec as object), ...(volumeName ? { volumeName: renamePv(volumeName) } : {}) } }));
      continue;
    }
    if ((WORKLOAD_KINDS as readonly string[]).includes(object.kind)) {
      namespaced.push(into({ ...object, spec: { ...(object.spec as object), replicas: 0 } }));
      continue;
    }
    namespaced.push(into(object));
  }
  // Secrets and ConfigMaps, then the volumes, then claims, workloads, Services, Routes.
  const firstClaim = namespaced.findIndex((o) => o.kind === "PersistentVolumeClaim");
  const at = firstClaim === -1 ? namespaced.findIndex((o) => !["Secret", "ConfigMap"].includes(o.kind)) : firstClaim;
  const ordered = at === -1 ? [...namespaced, ...pvs] : [...namespaced.slice(0, at), ...pvs, ...namespaced.slice(at)];
  return { objects: ordered, notes };
}
