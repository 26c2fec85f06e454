import { createHash } from "node:crypto";
import { CINDER_CSI_DRIVER, cinderVolumeIdOf } from "@/lib/platform/cinder-volume";
import type { OpenStackCloud } from "../openstack/cloud";
import { addAmounts, claimUsage, describeShortfalls, formatQuantity, podUsage, shortfallsOf, type QuotaAmounts } from "@/lib/platform/resource-quota";
import { assignSecurityBlock } from "./openshift";
import { resourceTypeOfKind, type ResourceType } from "./resources";
import { kubeTimestamp, ObjectStore, type KubeObject } from "./store";

// One region's OpenShift cluster: its objects plus the controllers that matter for DR —
// namespaces get SCC blocks, claims bind to volumes, deployments get pods, and a pod starts only
// when every volume it mounts is a Cinder volume of this region's project that is free to attach.

export interface ClusterOptions {
  region: string;
  /** The first free SCC block of this cluster (system namespaces hold the ones before it). */
  firstSecurityBlock: number;
  /** How long a pod whose volumes are attachable takes to become Ready. */
  podReadyDelayMs: number;
  /** Whether the cluster serves apps.openshift.io/v1 DeploymentConfigs. */
  serveDeploymentConfigs: boolean;
}

export const OWNER_LABEL = "simulator.continuum.dev/owner";

const NS = resourceTypeOfKind("Namespace");
const POD = resourceTypeOfKind("Pod");
const PVC = resourceTypeOfKind("PersistentVolumeClaim");
const PV = resourceTypeOfKind("PersistentVolume");
const EVENT = resourceTypeOfKind("Event");
const DEPLOYMENT = resourceTypeOfKind("Deployment");
const DEPLOYMENT_CONFIG = resourceTypeOfKind("DeploymentConfig");
const QUOTA = resourceTypeOfKind("ResourceQuota");
const LIMIT_RANGE = resourceTypeOfKind("LimitRange");

type ContainerSpec = { name?: string; resources?: { requests?: Record<string, string>; limits?: Record<string, string> } };

const shortHash = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 10);

export function parseQuantityGiB(quantity: unknown): number {
  const match = String(quantity ?? "1Gi").match(/^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|K|M|G|T)?$/);
  if (!match) return 1;
  const value = Number(match[1]);
  const factor: Record<string, number> = { Ki: 1 / 1024 ** 2, Mi: 1 / 1024, Gi: 1, Ti: 1024, K: 1e3 / 1024 ** 3, M: 1e6 / 1024 ** 3, G: 1e9 / 1024 ** 3, T: 1e12 / 1024 ** 3 };
  return Math.max(1, Math.ceil(value * (factor[match[2] ?? ""] ?? 1 / 1024 ** 3)));
}


export class Cluster {
  readonly store = new ObjectStore();
  readonly node: string;
  /** Pods whose volumes are attached, by uid: when they become Ready, and where they are. */
  private readonly readyAt = new Map<string, { due: number; namespace: string; name: string }>();
  /** Which namespace each volume this node attached was attached for, so a namespace's pass can detach what it no longer mounts. */
  private readonly attachedFor = new Map<string, string>();
  /**
   * The namespaces whose objects changed since the last pass, so a pass costs what changed and not
   * the whole cluster; null when every namespace must be looked at (at start, after a restore, or
   * for a change that cannot be placed in one).
   */
  private dirty: Set<string> | null = null;
  private scheduled = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    readonly options: ClusterOptions,
    private readonly cloud: OpenStackCloud,
  ) {
    this.node = `${options.region}-worker-0`;
    // What the controllers look volumes up by, so a change costs what it touches.
    this.store.addIndex(PV, "volumeId", (pv) => [cinderVolumeIdOf(pv) ?? ""].filter(Boolean));
    this.store.addIndex(PV, "claimNamespace", (pv) => [(pv.spec as { claimRef?: { namespace?: string } } | undefined)?.claimRef?.namespace ?? ""]);
    this.store.addIndex(PVC, "volumeName", (claim) => [(claim.spec as { volumeName?: string } | undefined)?.volumeName ?? ""].filter(Boolean));
    this.store.subscribe((event) => {
      if (event.resource.plural === "events") return;
      if (event.type === "DELETED" && event.resource.plural === "pods") this.readyAt.delete(event.object.metadata.uid!);
      this.touchObject(event.resource, event.object);
      this.scheduleReconcile();
    });
    cloud.onChange((volumeId) => {
      this.touchVolume(volumeId);
      this.scheduleReconcile();
    });
    for (const name of ["default", "kube-system", "openshift"]) {
      this.createNamespace({ metadata: { name } });
    }
  }

  get region() {
    return this.options.region;
  }

  get projectId() {
    return this.cloud.projectOfRegion(this.region).id;
  }

  createNamespace(namespace: KubeObject): KubeObject {
    const withBlock = assignSecurityBlock(namespace, this.store.view(NS), this.options.firstSecurityBlock);
    return this.store.create(NS, { ...withBlock, spec: { finalizers: ["kubernetes"] }, status: { phase: "Active" } });
  }

  /** Deletes a namespace and everything in it. */
  deleteNamespace(name: string): KubeObject {
    const namespace = this.store.get(NS, undefined, name);
    for (const type of this.namespacedTypes()) {
      for (const object of this.store.list(type, name)) this.store.delete(type, name, object.metadata.name!);
    }
    this.store.delete(NS, undefined, name);
    return { ...namespace, status: { phase: "Terminating" } };
  }

  private namespacedTypes(): ResourceType[] {
    return ["Pod", "Deployment", "DeploymentConfig", "PersistentVolumeClaim", "Secret", "ConfigMap", "Service", "Route", "ResourceQuota", "LimitRange", "Event"].map(resourceTypeOfKind);
  }

  private touch(namespace: string | undefined) {
    if (namespace) this.dirty?.add(namespace);
  }

  private touchAll() {
    this.dirty = null;
  }

  /** Marks the namespace a changed object concerns; a volume binds its claim's namespace. */
  private touchObject(type: ResourceType, object: KubeObject) {
    if (type.namespaced) return this.touch(object.metadata.namespace);
    if (type.plural === "namespaces") return this.touch(object.metadata.name);
    if (type.plural === "persistentvolumes") return this.touchClaimsOf(object);

    this.touchAll();
  }

  /** Marks the namespaces whose claims are bound to a Cinder volume that changed, and the one it was attached for. */
  private touchVolume(volumeId: string | undefined) {
    if (!volumeId) return this.touchAll();
    this.touch(this.attachedFor.get(volumeId));
    for (const pv of this.store.byIndex(PV, "volumeId", volumeId)) this.touchClaimsOf(pv);
  }

  /** A volume concerns the claim it is bound to, or before binding every claim that names it (a static binding, as a failover's import makes). */
  private touchClaimsOf(pv: KubeObject) {
    const claimNamespace = (pv.spec as { claimRef?: { namespace?: string } } | undefined)?.claimRef?.namespace;
    if (claimNamespace) return this.touch(claimNamespace);
    for (const claim of this.store.byIndex(PVC, "volumeName", pv.metadata.name!)) this.touch(claim.metadata.namespace);
  }

  scheduleReconcile() {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.reconcile();
    });
  }

  private wakeAt(at: number) {
    const delay = Math.max(0, at - Date.now());
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      // The pods that are due, where they still wait; the rest of the cluster has not changed.
      const now = Date.now();
      for (const [uid, pending] of this.readyAt) {
        if (pending.due > now) continue;
        if (this.store.peek(POD, pending.namespace, pending.name)?.status?.phase === "Pending") this.touch(pending.namespace);
        else this.readyAt.delete(uid);
      }
      this.reconcile();
    }, delay + 5);
    this.timer.unref();
  }

  stop() {
    if (this.timer) clearTimeout(this.timer);
  }

  /** One pass of every controller over the namespaces that changed; each write marks its namespace for the next pass, until nothing changes. */
  reconcile() {
    const changed = this.dirty;
    this.dirty = new Set();
    const namespaces = changed ? [...changed] : this.store.view(NS).map((ns) => ns.metadata.name!);
    this.bindClaims(namespaces, changed === null);
    for (const namespace of namespaces) {
      for (const type of [DEPLOYMENT, DEPLOYMENT_CONFIG]) for (const workload of this.store.view(type, namespace)) this.reconcileWorkload(type, workload);
    }
    this.reconcilePods(namespaces);
    this.detachUnusedVolumes(changed === null ? null : namespaces);
    for (const namespace of namespaces) this.reconcileQuotas(namespace);
  }

  /** What a namespace's pods (not yet finished) and claims count against its quotas now. */
  private quotaUsed(namespace: string): QuotaAmounts {
    const pods = this.store.view(POD, namespace).filter((p) => p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed");
    const claims = this.store.view(PVC, namespace);
    return addAmounts(
      ...pods.map((p) => podUsage(p.spec as Parameters<typeof podUsage>[0])),
      ...claims.map((c) => claimUsage((c.spec as { resources?: { requests?: { storage?: string } } }).resources?.requests?.storage)),
    );
  }

  /** The quota controller: each ResourceQuota's status says its hard limits and what is used of them. */
  private reconcileQuotas(namespace: string) {
    for (const quota of this.store.view(QUOTA, namespace)) {
      const hard = ((quota.spec as { hard?: Record<string, string> }).hard ?? {}) as Record<string, string>;
      const used = this.quotaUsed(quota.metadata.namespace!);
      const status = { hard, used: Object.fromEntries(Object.keys(hard).map((resource) => [resource, formatQuantity(resource, used[resource] ?? 0)])) };
      if (JSON.stringify(quota.status) !== JSON.stringify(status)) this.store.replace(QUOTA, { ...quota, status }, { subresource: "status" });
    }
  }

  /** The pod spec as admission leaves it: each container's missing requests and limits from the namespace's LimitRange defaults. */
  private withLimitRangeDefaults(namespace: string, spec: Record<string, unknown> | undefined): Record<string, unknown> {
    const limits = this.store.view(LIMIT_RANGE, namespace).flatMap((range) => ((range.spec as { limits?: Array<{ type?: string; default?: Record<string, string>; defaultRequest?: Record<string, string> }> }).limits ?? []).filter((l) => l.type === "Container"));
    if (!limits.length || !spec) return spec ?? {};
    const defaulted = (container: ContainerSpec): ContainerSpec => {
      const resources = { requests: { ...container.resources?.requests }, limits: { ...container.resources?.limits } };
      for (const limit of limits) {
        for (const [resource, value] of Object.entries(limit.default ?? {})) resources.limits[resource] ??= value;
        // A missing request defaults to the default request, else to the (possibly defaulted) limit.
        for (const [resource, value] of Object.entries(limit.defaultRequest ?? {})) resources.requests[resource] ??= value;
        for (const [resource, value] of Object.entries(resources.limits)) resources.requests[resource] ??= value;
      }
      return { ...container, resources };
    };
    return { ...spec, containers: ((spec.containers as ContainerSpec[] | undefined) ?? []).map(defaulted), ...(spec.initContainers ? { initContainers: (spec.initContainers as ContainerSpec[]).map(defaulted) } : {}) };
  }

  /** The API server's refusal of a new pod that its namespace's quotas cannot take, or null. */
  private quotaRefusal(namespace: string, podName: string, spec: unknown): string | null {
    const quotas = this.store.view(QUOTA, namespace);
    if (quotas.length === 0) return null;
    // A quota on compute resources takes only pods that say what they need (after LimitRange defaults).
    const compute = ["requests.cpu", "requests.memory", "limits.cpu", "limits.memory", "cpu", "memory"];
    const tracked = new Set(quotas.flatMap((q) => Object.keys((q.spec as { hard?: Record<string, string> }).hard ?? {})).filter((r) => compute.includes(r)));
    const containers = ((spec as { containers?: ContainerSpec[] } | undefined)?.containers ?? []);
    const missing = [...tracked].filter((resource) => {
      const [kind, name] = resource.includes(".") ? (resource.split(".") as ["requests" | "limits", string]) : (["requests", resource] as const);
      return containers.some((c) => c.resources?.[kind]?.[name] === undefined);
    });
    if (missing.length) return `pods "${podName}" is forbidden: failed quota: ${quotas.map((q) => q.metadata.name).join(",")}: must specify ${missing.sort().join(",")}`;
    const used = this.quotaUsed(namespace);
    const more = podUsage(spec as Parameters<typeof podUsage>[0]);
    for (const quota of quotas) {
      const short = shortfallsOf({ name: quota.metadata.name!, hard: (quota.spec as { hard?: Record<string, string> }).hard ?? {} }, used, more);
      if (short.length) return `pods "${podName}" is forbidden: exceeded quota: ${quota.metadata.name}, ${describeShortfalls(short)}`;
    }
    return null;
  }

  private bindClaims(namespaces: string[], everyVolume: boolean) {
    for (const claim of namespaces.flatMap((namespace) => this.store.view(PVC, namespace))) {
      if (claim.status?.phase === "Bound") {
        const pvName = (claim.spec as { volumeName?: string }).volumeName;
        if (pvName && !this.store.peek(PV, undefined, pvName)) this.store.replace(PVC, { ...claim, status: { phase: "Lost" } }, { subresource: "status" });
        continue;
      }
      const spec = claim.spec as { volumeName?: string; resources?: { requests?: { storage?: string } }; storageClassName?: string };
      let pvName = spec.volumeName;
      if (!pvName) {
        // Dynamic provisioning by the Cinder CSI driver: a new volume in this region's project.
        const size = parseQuantityGiB(spec.resources?.requests?.storage);
        const volume = this.cloud.createVolume(this.projectId, { size, name: `pvc-${claim.metadata.uid}`, metadata: { "cinder.csi.openstack.org/cluster": this.region } });
        pvName = `pvc-${claim.metadata.uid}`;
        this.store.create(PV, {
          metadata: { name: pvName, annotations: { "pv.kubernetes.io/provisioned-by": CINDER_CSI_DRIVER } },
          spec: {
            capacity: { storage: `${size}Gi` },
            accessModes: ["ReadWriteOnce"],
            persistentVolumeReclaimPolicy: "Delete",
            storageClassName: spec.storageClassName ?? "standard-csi",
            csi: { driver: CINDER_CSI_DRIVER, volumeHandle: volume.id, fsType: "ext4" },
          },
        });
        this.store.replace(PVC, { ...claim, metadata: { ...claim.metadata, resourceVersion: undefined }, spec: { ...claim.spec, volumeName: pvName } });
        continue;
      }
      const pv = this.store.peek(PV, undefined, pvName);
      if (!pv) {
        if (claim.status?.phase !== "Pending") this.store.replace(PVC, { ...claim, status: { phase: "Pending" } }, { subresource: "status" });
        continue;
      }
      const claimRef = (pv.spec as { claimRef?: { namespace?: string; name?: string; uid?: string } }).claimRef;
      if (claimRef?.name && (claimRef.name !== claim.metadata.name || claimRef.namespace !== claim.metadata.namespace)) continue;
      if (claimRef?.uid && claimRef.uid !== claim.metadata.uid) continue;
      this.store.replace(PV, {
        ...pv,
        metadata: { ...pv.metadata, resourceVersion: undefined },
        spec: { ...pv.spec, claimRef: { kind: "PersistentVolumeClaim", apiVersion: "v1", namespace: claim.metadata.namespace, name: claim.metadata.name, uid: claim.metadata.uid } },
      });
      const bound = this.store.get(PV, undefined, pvName);
      this.store.replace(PV, { ...bound, status: { phase: "Bound" } }, { subresource: "status" });
      this.store.replace(
        PVC,
        { ...claim, status: { phase: "Bound", accessModes: (pv.spec as { accessModes?: string[] }).accessModes ?? ["ReadWriteOnce"], capacity: (pv.spec as { capacity?: unknown }).capacity } },
        { subresource: "status" },
      );
    }
    // The volumes claimed from these namespaces, and those claimed by no one.
    const volumes = everyVolume ? this.store.view(PV) : ["", ...namespaces].flatMap((namespace) => this.store.byIndex(PV, "claimNamespace", namespace));
    for (const pv of volumes) {
      const claimRef = (pv.spec as { claimRef?: { namespace?: string; name?: string } }).claimRef;
      const phase = !claimRef?.name ? "Available" : this.store.peek(PVC, claimRef.namespace, claimRef.name) ? (pv.status?.phase === "Bound" ? "Bound" : "Available") : "Released";
      if (pv.status?.phase !== phase && !(phase === "Available" && claimRef?.name)) {
        this.store.replace(PV, { ...pv, status: { phase } }, { subresource: "status" });
      }
    }
  }

  private reconcileWorkload(type: ResourceType, workload: KubeObject) {
    const spec = workload.spec as { replicas?: number; template?: { metadata?: { labels?: Record<string, string> }; spec?: Record<string, unknown> }; paused?: boolean };
    const replicas = spec.replicas ?? 1;
    const owner = `${type.kind.toLowerCase()}-${workload.metadata.name}`;
    const namespace = workload.metadata.namespace!;
    const templateHash = shortHash(JSON.stringify(spec.template ?? {}));
    let pods: KubeObject[] = this.store.view(POD, namespace).filter((p) => p.metadata.labels?.[OWNER_LABEL] === owner);
    // A changed template replaces the pods (recreate strategy: simple and enough here).
    for (const stale of pods.filter((p) => p.metadata.labels?.["pod-template-hash"] !== templateHash)) this.store.delete(POD, namespace, stale.metadata.name!);
    pods = pods.filter((p) => p.metadata.labels?.["pod-template-hash"] === templateHash);
    for (const extra of pods.slice(replicas)) this.store.delete(POD, namespace, extra.metadata.name!);
    pods = pods.slice(0, replicas);
    for (let i = pods.length; i < replicas; i++) {
      // Admission: a pod the namespace's quota cannot take is not created; the controller says so in an event.
      const podSpec = this.withLimitRangeDefaults(namespace, spec.template?.spec);
      const refusal = this.quotaRefusal(namespace, `${workload.metadata.name}-${templateHash.slice(0, 8)}-`, podSpec);
      if (refusal) {
        this.recordEvent(workload, "FailedCreate", `Error creating: ${refusal}`, type.kind === "Deployment" ? "replicaset-controller" : "deploymentconfig-controller");
        break;
      }
      pods.push(
        this.store.create(POD, {
          metadata: {
            generateName: `${workload.metadata.name}-${templateHash.slice(0, 8)}-`,
            namespace,
            labels: { ...(spec.template?.metadata?.labels ?? {}), [OWNER_LABEL]: owner, "pod-template-hash": templateHash },
            ownerReferences: [{ apiVersion: workload.apiVersion!, kind: type.kind, name: workload.metadata.name!, uid: workload.metadata.uid!, controller: true }],
          },
          spec: { ...podSpec, nodeName: undefined },
          status: { phase: "Pending", conditions: [{ type: "PodScheduled", status: "False" }] },
        }),
      );
    }
    const ready = pods.filter((p) => p.status?.phase === "Running").length;
    const available = ready === replicas;
    const status = {
      observedGeneration: workload.metadata.generation,
      replicas: pods.length,
      updatedReplicas: pods.length,
      readyReplicas: ready,
      availableReplicas: ready,
      ...(pods.length - ready > 0 ? { unavailableReplicas: pods.length - ready } : {}),
      ...(type === DEPLOYMENT_CONFIG ? { latestVersion: 1 } : {}),
      conditions: [
        {
          type: "Available",
          status: available ? "True" : "False",
          reason: available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
          message: available ? `${type.kind} has minimum availability.` : `${type.kind} does not have minimum availability.`,
        },
        { type: "Progressing", status: "True", reason: available ? "NewReplicaSetAvailable" : "ReplicaSetUpdated", message: `${type.kind} "${workload.metadata.name}" is progressing.` },
      ],
    };
    if (JSON.stringify(workload.status) !== JSON.stringify(status)) this.store.replace(type, { ...workload, status }, { subresource: "status" });
  }

  /** Why a pod cannot start yet, or null when every volume it mounts is attached here. */
  private volumeProblem(pod: KubeObject): { reason: string; message: string } | null {
    const volumes = ((pod.spec as { volumes?: Array<{ name: string; persistentVolumeClaim?: { claimName: string } }> }).volumes ?? []).filter((v) => v.persistentVolumeClaim);
    for (const volume of volumes) {
      const claimName = volume.persistentVolumeClaim!.claimName;
      const claim = this.store.peek(PVC, pod.metadata.namespace, claimName);
      if (!claim) return { reason: "FailedScheduling", message: `0/3 nodes are available: persistentvolumeclaim "${claimName}" not found.` };
      if (claim.status?.phase !== "Bound") return { reason: "FailedScheduling", message: `0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims (claim "${claimName}" is ${claim.status?.phase ?? "Pending"}).` };
      const pv = this.store.peek(PV, undefined, (claim.spec as { volumeName: string }).volumeName);
      if (!pv) return { reason: "FailedScheduling", message: `persistentvolume "${(claim.spec as { volumeName: string }).volumeName}" not found.` };
      const volumeId = cinderVolumeIdOf(pv);
      if (!volumeId) continue;
      const cinderVolume = this.cloud.volumes.get(volumeId);
      if (!cinderVolume || cinderVolume.project_id !== this.projectId) {
        return {
          reason: "FailedAttachVolume",
          message: `AttachVolume.Attach failed for volume "${pv.metadata.name}" : volume ${volumeId} is not in this region's OpenStack project (continuum-${this.region})`,
        };
      }
      const attachedHere = cinderVolume.attachments.some((a) => a.server_id === this.node);
      if (!attachedHere && cinderVolume.status !== "available") {
        return {
          reason: "FailedAttachVolume",
          message: `AttachVolume.Attach failed for volume "${pv.metadata.name}" : volume ${volumeId} is ${cinderVolume.status}${cinderVolume.attachments.length ? ` (attached to ${cinderVolume.attachments.map((a) => a.server_id).join(", ")})` : ""}, not available`,
        };
      }
    }
    return null;
  }

  private claimedVolumeIds(pod: KubeObject): string[] {
    const volumes = (pod.spec as { volumes?: Array<{ persistentVolumeClaim?: { claimName: string } }> }).volumes ?? [];
    return volumes.flatMap((v) => {
      if (!v.persistentVolumeClaim) return [];
      const claim = this.store.peek(PVC, pod.metadata.namespace, v.persistentVolumeClaim.claimName);
      const pv = claim && this.store.peek(PV, undefined, (claim.spec as { volumeName?: string }).volumeName ?? "");
      const id = pv && cinderVolumeIdOf(pv);
      return id ? [id] : [];
    });
  }

  private reconcilePods(namespaces: string[]) {
    for (const pod of namespaces.flatMap((namespace) => this.store.view(POD, namespace))) {
      if (pod.status?.phase !== "Pending") continue;
      const problem = this.volumeProblem(pod);
      if (problem) {
        this.readyAt.delete(pod.metadata.uid!);
        this.recordEvent(pod, problem.reason, problem.message);
        const condition = { type: "PodScheduled", status: problem.reason === "FailedScheduling" ? "False" : "True", reason: problem.reason === "FailedScheduling" ? "Unschedulable" : undefined, message: problem.message };
        if (JSON.stringify(pod.status?.conditions) !== JSON.stringify([condition])) {
          this.store.replace(POD, { ...pod, status: { phase: "Pending", conditions: [condition] } }, { subresource: "status" });
        }
        continue;
      }
      for (const volumeId of this.claimedVolumeIds(pod)) {
        this.attachedFor.set(volumeId, pod.metadata.namespace!);
        this.cloud.attach(volumeId, this.node);
      }
      const due = this.readyAt.get(pod.metadata.uid!)?.due ?? Date.now() + this.options.podReadyDelayMs;
      this.readyAt.set(pod.metadata.uid!, { due, namespace: pod.metadata.namespace!, name: pod.metadata.name! });
      if (Date.now() < due) continue;
      this.readyAt.delete(pod.metadata.uid!);
      const startedAt = kubeTimestamp();
      const containers = ((pod.spec as { containers?: Array<{ name: string; image?: string }> }).containers ?? [{ name: "main" }]).map((c) => ({
        name: c.name,
        image: c.image ?? "",
        ready: true,
        started: true,
        restartCount: 0,
        state: { running: { startedAt } },
      }));
      this.store.replace(POD, { ...pod, spec: { ...pod.spec, nodeName: this.node } }, {});
      const placed = this.store.get(POD, pod.metadata.namespace, pod.metadata.name!);
      this.store.replace(
        POD,
        {
          ...placed,
          status: {
            phase: "Running",
            podIP: `10.128.0.${(Number(placed.metadata.resourceVersion) % 250) + 2}`,
            hostIP: "192.168.0.10",
            startTime: startedAt,
            conditions: ["PodScheduled", "Initialized", "ContainersReady", "Ready"].map((type) => ({ type, status: "True", lastTransitionTime: startedAt })),
            containerStatuses: containers,
          },
        },
        { subresource: "status" },
      );
    }
    // One timer for the earliest pod still waiting in any namespace, not only those of this pass.
    let nextWake = Infinity;
    for (const pending of this.readyAt.values()) nextWake = Math.min(nextWake, pending.due);
    if (nextWake !== Infinity) this.wakeAt(nextWake);
  }

  /** Detaches what no pod mounts any more: of the given namespaces, or (null) of the whole node. */
  private detachUnusedVolumes(namespaces: string[] | null) {
    if (namespaces === null) {
      const inUse = new Set(this.store.view(POD).flatMap((pod) => this.claimedVolumeIds(pod)));
      for (const volume of this.cloud.volumes.values()) {
        if (volume.attachments.some((a) => a.server_id === this.node) && !inUse.has(volume.id)) {
          this.attachedFor.delete(volume.id);
          this.cloud.detach(volume.id, this.node);
        }
      }
      return;
    }
    const scope = new Set(namespaces);
    const inUse = new Set(namespaces.flatMap((namespace) => this.store.view(POD, namespace).flatMap((pod) => this.claimedVolumeIds(pod))));
    for (const [volumeId, namespace] of this.attachedFor) {
      if (!scope.has(namespace) || inUse.has(volumeId)) continue;
      this.attachedFor.delete(volumeId);
      this.cloud.detach(volumeId, this.node);
    }
  }

  private recordEvent(object: KubeObject, reason: string, message: string, component = reason === "FailedScheduling" ? "default-scheduler" : "attachdetach-controller") {
    const name = `${object.metadata.name}.${shortHash(reason + message)}`;
    if (this.store.peek(EVENT, object.metadata.namespace, name)) return;
    const now = kubeTimestamp();
    this.store.create(EVENT, {
      metadata: { name, namespace: object.metadata.namespace },
      involvedObject: { kind: object.kind ?? "Pod", namespace: object.metadata.namespace, name: object.metadata.name, uid: object.metadata.uid, apiVersion: object.apiVersion ?? "v1" },
      reason,
      message,
      type: "Warning",
      count: 1,
      firstTimestamp: now,
      lastTimestamp: now,
      source: { component },
    });
  }
}
