import * as http from "node:http";
import * as https from "node:https";
import * as k8s from "@kubernetes/client-node";
import { createWorkloadWatch, type WorkloadFollower } from "./workload-watch";
import { callWithRetry, CallTimeoutError, createCircuitBreaker, currentCallSignal, DEFAULT_RETRY, isRetryableStatus, nullIfNotFound, PlatformError, type RetryPolicy } from "./platform-error";

// A region's OpenShift cluster, through @kubernetes/client-node only. The failover and
// provisioning code sees this small interface, never the client library.

export interface NamespaceInfo {
  name: string;
  annotations: Record<string, string>;
  labels: Record<string, string>;
  phase: string;
}

export const WORKLOAD_KINDS = ["Deployment", "DeploymentConfig"] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

export interface WorkloadInfo {
  kind: WorkloadKind;
  namespace: string;
  name: string;
  replicas: number;
  readyReplicas: number;
}

/** Any Kubernetes object as JSON; the failover copies these between regions. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; [field: string]: unknown };
  [field: string]: unknown;
}

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

export interface WarningEvent {
  object: string;
  reason: string;
  message: string;
}

export interface RegionCluster {
  readonly region: string;
  version(): Promise<string>;
  listNamespaces(labelSelector?: string): Promise<NamespaceInfo[]>;
  getNamespace(name: string): Promise<NamespaceInfo | null>;
  createNamespace(input: { name: string; annotations?: Record<string, string>; labels?: Record<string, string> }): Promise<NamespaceInfo>;
  /** Sets these annotations (others stay), read-modify-replace so a concurrent edit is a 409. */
  setNamespaceAnnotations(name: string, annotations: Record<string, string>): Promise<NamespaceInfo>;
  /** Creates the quota, or makes an existing one of that name match. */
  applyResourceQuota(namespace: string, quota: { name: string; hard: Record<string, string>; labels?: Record<string, string> }): Promise<void>;
  /** Container defaults (a LimitRange): what a container that names no requests or limits gets. */
  applyLimitRange(namespace: string, range: { name: string; requests: Record<string, string>; limits: Record<string, string>; labels?: Record<string, string> }): Promise<void>;
  /** Creates the role binding of a group to a cluster role, or makes an existing one match. */
  applyGroupRoleBinding(namespace: string, binding: { name: string; group: string; clusterRole: string; labels?: Record<string, string> }): Promise<void>;
  deleteNamespace(name: string): Promise<void>;
  /** The objects of one kind (in a namespace, or cluster-wide); null when the cluster does not serve the kind. */
  listObjects(apiVersion: string, kind: string, namespace?: string): Promise<KubeObject[] | null>;
  getObject(ref: ObjectRef): Promise<KubeObject | null>;
  /** Creates the object, or replaces the one of that name (keeping what the cluster assigned and may not change). */
  applyObject(object: KubeObject): Promise<"created" | "replaced">;
  deleteObject(ref: ObjectRef): Promise<void>;
  /** Deployments, and DeploymentConfigs where the cluster serves them. */
  listWorkloads(namespace: string): Promise<WorkloadInfo[]>;
  getWorkload(namespace: string, kind: WorkloadKind, name: string): Promise<WorkloadInfo | null>;
  scaleWorkload(namespace: string, kind: WorkloadKind, name: string, replicas: number): Promise<WorkloadInfo>;
  /** Recent warnings in a namespace (why a pod does not start), newest first. */
  warningEvents(namespace: string): Promise<WarningEvent[]>;
  /** Follows a namespace's workloads through the region's shared watch (see workload-watch.ts); close it when done. */
  followWorkloads(namespace: string): WorkloadFollower;
}

export type ClusterConnection =
  | { kubeconfig: string; context: string }
  | { apiUrl: string; token: string; caCert?: string; skipTlsVerify?: boolean };

function kubeConfigOf(region: string, connection: ClusterConnection): k8s.KubeConfig {
  const config = new k8s.KubeConfig();
  if ("kubeconfig" in connection) {
    config.loadFromString(connection.kubeconfig);
    if (!config.getContextObject(connection.context)) throw new Error(`the kubeconfig has no context named ${connection.context} (for region ${region})`);
    config.setCurrentContext(connection.context);
  } else {
    config.loadFromOptions({
      clusters: [{ name: region, server: connection.apiUrl, caData: connection.caCert ? Buffer.from(connection.caCert).toString("base64") : undefined, skipTLSVerify: connection.skipTlsVerify ?? false }],
      users: [{ name: region, token: connection.token }],
      contexts: [{ name: region, cluster: region, user: region }],
      currentContext: region,
    });
  }
  return config;
}

/** Gives every request the signal of the platform call it belongs to, so a timeout or a lost lease abandons it. */
const callSignalMiddleware: k8s.Middleware = {
  pre: async (request) => {
    const signal = currentCallSignal();
    if (signal) request.setSignal(signal);
    return request;
  },
  post: async (response) => response,
};

/** Connections a replica keeps open to one region's API server: what it may ask at once, so a region failover does not flood a cluster. */
export const CLUSTER_CONNECTIONS = 32;

/**
 * The kubeconfig's authentication with one keep-alive connection pool per region. The client
 * library (1.4) builds a new agent for every request, so every call paid a TCP and TLS handshake
 * (a large part of a failover's CPU). The pool takes the options the library chose (CA, client
 * certificate, TLS verification), so it trusts exactly what the kubeconfig says; a proxy agent is
 * left as the library made it.
 */
function pooledAuthentication(config: k8s.KubeConfig): k8s.SecurityAuthentication {
  const pools = new Map<string, http.Agent>();
  return {
    getName: () => "kubeconfig with a connection pool",
    applySecurityAuthentication: async (context) => {
      await config.applySecurityAuthentication(context);
      const fresh = context.getAgent();
      if (!fresh || (fresh.constructor !== https.Agent && fresh.constructor !== http.Agent)) return;
      const options = (fresh as http.Agent & { options: https.AgentOptions }).options;
      const key = JSON.stringify([fresh.constructor === https.Agent, options]);
      let pool = pools.get(key);
      if (!pool) {
        const pooled = { ...options, keepAlive: true, maxSockets: CLUSTER_CONNECTIONS, scheduling: "lifo" as const };
        pools.set(key, (pool = fresh.constructor === https.Agent ? new https.Agent(pooled) : new http.Agent(pooled)));
      }
      context.setAgent(pool);
    },
  };
}

/** As KubeConfig.makeApiClient, with the call-signal middleware and a region's connection pool. */
function makeApiClient<T>(config: k8s.KubeConfig, authentication: k8s.SecurityAuthentication, api: new (configuration: k8s.Configuration) => T): T {
  const cluster = config.getCurrentCluster();
  if (!cluster) throw new Error("the kubeconfig has no current cluster");
  return new api(k8s.createConfiguration({ baseServer: new k8s.ServerConfiguration(cluster.server, {}), authMethods: { default: authentication }, promiseMiddleware: [callSignalMiddleware] }));
}

/** The generic object client; the context's namespace is its default, as KubernetesObjectApi.makeApiClient sets it. */
class ObjectApi extends k8s.KubernetesObjectApi {
  inContextNamespace(config: k8s.KubeConfig) {
    this.setDefaultNamespace(config);
    return this;
  }
}

function statusOf(error: unknown): number | null {
  const code = (error as { code?: unknown }).code;
  return typeof code === "number" ? code : null;
}

/** Inside one call: the client library's 404 as null (nullIfNotFound does this for whole calls). */
async function absentIfNotFound<T>(request: Promise<T>): Promise<T | null> {
  try {
    return await request;
  } catch (error) {
    if (statusOf(error) === 404) return null;
    throw error;
  }
}

/** Makes an object we own match `body`: created when absent, else replaced at the version just read. */
/**
 * Creates first, and only when the API server answers 409 AlreadyExists reads the object and
 * replaces it: what a failover imports is new in the target nearly always, so one call instead of two.
 */
async function createOrReplace<T>(body: T, read: () => Promise<T>, create: (body: T) => Promise<unknown>, replace: (existing: T) => Promise<unknown>): Promise<"created" | "replaced"> {
  try {
    await create(body);
    return "created";
  } catch (error) {
    if (statusOf(error) !== 409) throw error;
  }
  // Deleted between the two calls: create it after all.
  const existing = await absentIfNotFound(read());
  if (!existing) return createOrReplace(body, read, create, replace);
  await replace(existing);
  return "replaced";
}

/** A typed object's replacement: the desired body at the existing object's resourceVersion. */
const atVersionOf = <T extends { metadata?: k8s.V1ObjectMeta }>(body: T) => (existing: T): T => ({ ...body, metadata: { ...body.metadata, resourceVersion: existing.metadata?.resourceVersion } });

function detailOf(error: unknown): string {
  if (error instanceof CallTimeoutError) return error.message;
  const body = (error as { body?: unknown }).body;
  if (typeof body === "string") {
    try {
      const status = JSON.parse(body) as { message?: string; code?: number };
      if (status.message) return `${status.code ?? ""} ${status.message}`.trim();
    } catch {
      // not JSON
    }
  }
  const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as { code?: unknown }).code;
  return typeof cause === "string" ? `unreachable (${cause})` : (error as Error).message;
}

const namespaceInfo = (ns: k8s.V1Namespace): NamespaceInfo => ({
  name: ns.metadata!.name!,
  annotations: ns.metadata?.annotations ?? {},
  labels: ns.metadata?.labels ?? {},
  phase: ns.status?.phase ?? "Active",
});

export const WORKLOAD_API_VERSION: Record<WorkloadKind, string> = { Deployment: "apps/v1", DeploymentConfig: "apps.openshift.io/v1" };

const workloadInfo = (kind: WorkloadKind, o: k8s.KubernetesObject & { spec?: { replicas?: number }; status?: { readyReplicas?: number } }): WorkloadInfo => ({
  kind,
  namespace: o.metadata!.namespace!,
  name: o.metadata!.name!,
  replicas: o.spec?.replicas ?? 1,
  readyReplicas: o.status?.readyReplicas ?? 0,
});

/** Fields the cluster assigns that a replace must carry over, or the API server refuses it. */
function keepAssigned(desired: KubeObject, existing: KubeObject): KubeObject {
  const metadata = { ...desired.metadata, resourceVersion: (existing.metadata as { resourceVersion?: string }).resourceVersion };
  if (desired.kind === "Service") {
    const assigned = existing.spec as { clusterIP?: string; clusterIPs?: string[] } | undefined;
    return { ...desired, metadata, spec: { ...(desired.spec as object), clusterIP: assigned?.clusterIP, clusterIPs: assigned?.clusterIPs } };
  }
  return { ...desired, metadata };
}

export function createRegionCluster(region: string, connection: ClusterConnection, retry: RetryPolicy = DEFAULT_RETRY): RegionCluster {
  const config = kubeConfigOf(region, connection);
  const authentication = pooledAuthentication(config);
  const core = makeApiClient(config, authentication, k8s.CoreV1Api);
  const apps = makeApiClient(config, authentication, k8s.AppsV1Api);
  const versionApi = makeApiClient(config, authentication, k8s.VersionApi);
  const rbac = makeApiClient(config, authentication, k8s.RbacAuthorizationV1Api);

  const breaker = createCircuitBreaker(region, "cluster");
  const call = <T>(name: string, safe: boolean, run: () => Promise<T>) =>
    breaker.call(name, () =>
      callWithRetry(retry, safe, () => run(), (error) => {
        const status = error instanceof CallTimeoutError ? null : statusOf(error);
        return new PlatformError(region, "cluster", name, detailOf(error), status, isRetryableStatus(status));
      }),
    );

  const objects = makeApiClient(config, authentication, ObjectApi).inContextNamespace(config);
  const header = (ref: ObjectRef) => ({ apiVersion: ref.apiVersion, kind: ref.kind, metadata: { name: ref.name, namespace: ref.namespace } });
  const where = (ref: { name: string; namespace?: string }) => (ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name);

  const listObjects = (apiVersion: string, kind: string, namespace?: string) =>
    call(`list ${kind}s${namespace ? ` in ${namespace}` : ""}`, true, async () => {
      try {
        return (await objects.list(apiVersion, kind, namespace)).items as KubeObject[];
      } catch (error) {
        // The client library looks the kind up in discovery first; a kind not served is not an error here.
        if (statusOf(error) === 404 || /Unrecognized API version and kind/.test((error as Error).message)) return null;
        throw error;
      }
    });

  const workloadWatch = createWorkloadWatch(
    region,
    config,
    // Not through the circuit breaker: the watch retries on its own schedule, and its failures must
    // not keep the region's breaker open after the region is back.
    WORKLOAD_KINDS.map((kind) => ({ kind, path: `/apis/${WORKLOAD_API_VERSION[kind]}/${kind.toLowerCase()}s`, list: async () => (await objects.list(WORKLOAD_API_VERSION[kind], kind)).items as KubeObject[] })),
    (kind, o) => workloadInfo(kind, o),
  );

  return {
    region,
    followWorkloads: (namespace) => workloadWatch.follow(namespace),
    version: () => call("read version", true, async () => (await versionApi.getCode()).gitVersion),
    listNamespaces: (labelSelector) => call("list namespaces", true, async () => (await core.listNamespace({ labelSelector })).items.map(namespaceInfo)),
    getNamespace: (name) => nullIfNotFound(call(`read namespace ${name}`, true, async () => namespaceInfo(await core.readNamespace({ name })))),
    createNamespace: ({ name, annotations, labels }) =>
      call(`create namespace ${name}`, false, async () => namespaceInfo(await core.createNamespace({ body: { metadata: { name, annotations, labels } } }))),
    setNamespaceAnnotations: (name, annotations) =>
      call(`annotate namespace ${name}`, false, async () => {
        const current = await core.readNamespace({ name });
        current.metadata = { ...current.metadata, annotations: { ...current.metadata?.annotations, ...annotations } };
        return namespaceInfo(await core.replaceNamespace({ name, body: current }));
      }),
    // Create-or-replace of a whole object we own is idempotent, so it is retried like a read.
    applyResourceQuota: (namespace, { name, hard, labels }) =>
      call(`apply resource quota ${namespace}/${name}`, true, async () => {
        const body: k8s.V1ResourceQuota = { metadata: { name, namespace, labels }, spec: { hard } };
        await createOrReplace(
          body,
          () => core.readNamespacedResourceQuota({ name, namespace }),
          (b) => core.createNamespacedResourceQuota({ namespace, body: b }),
          (existing) => core.replaceNamespacedResourceQuota({ name, namespace, body: atVersionOf(body)(existing) }),
        );
      }),
    applyLimitRange: (namespace, { name, requests, limits, labels }) =>
      call(`apply limit range ${namespace}/${name}`, true, async () => {
        // client-node's model calls the item's "default" _default.
        const body: k8s.V1LimitRange = { metadata: { name, namespace, labels }, spec: { limits: [{ type: "Container", _default: limits, defaultRequest: requests }] } };
        await createOrReplace(
          body,
          () => core.readNamespacedLimitRange({ name, namespace }),
          (b) => core.createNamespacedLimitRange({ namespace, body: b }),
          (existing) => core.replaceNamespacedLimitRange({ name, namespace, body: atVersionOf(body)(existing) }),
        );
      }),
    applyGroupRoleBinding: (namespace, { name, group, clusterRole, labels }) =>
      call(`apply role binding ${namespace}/${name}`, true, async () => {
        const body: k8s.V1RoleBinding = {
          metadata: { name, namespace, labels },
          roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: clusterRole },
          subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: group }],
        };
        await createOrReplace(
          body,
          () => rbac.readNamespacedRoleBinding({ name, namespace }),
          (b) => rbac.createNamespacedRoleBinding({ namespace, body: b }),
          (existing) => rbac.replaceNamespacedRoleBinding({ name, namespace, body: atVersionOf(body)(existing) }),
        );
      }),
    deleteNamespace: async (name) => {
      await nullIfNotFound(call(`delete namespace ${name}`, true, () => core.deleteNamespace({ name })));
    },
    listObjects,
    getObject: (ref) => nullIfNotFound(call(`read ${ref.kind} ${where(ref)}`, true, async () => (await objects.read(header(ref))) as KubeObject)),
    // Create-or-replace of a whole object is idempotent, so it is retried like a read.
    applyObject: (object) =>
      call(`apply ${object.kind} ${where(object.metadata)}`, true, () =>
        createOrReplace(
          object,
          async () => (await objects.read(header({ ...object, name: object.metadata.name, namespace: object.metadata.namespace }))) as KubeObject,
          (o) => objects.create(o),
          (existing) => objects.replace(keepAssigned(object, existing)),
        ),
      ),
    deleteObject: async (ref) => {
      await nullIfNotFound(call(`delete ${ref.kind} ${where(ref)}`, true, () => objects.delete(header(ref))));
    },
    // One kind after the other: against a region that is down, one failed call is enough to say so.
    listWorkloads: async (namespace) => {
      const found: WorkloadInfo[] = [];
      for (const kind of WORKLOAD_KINDS) {
        for (const o of (await listObjects(WORKLOAD_API_VERSION[kind], kind, namespace)) ?? []) found.push(workloadInfo(kind, o as k8s.KubernetesObject));
      }
      return found;
    },
    getWorkload: (namespace, kind, name) =>
      nullIfNotFound(call(`read ${kind} ${namespace}/${name}`, true, async () => workloadInfo(kind, await objects.read({ apiVersion: WORKLOAD_API_VERSION[kind], kind, metadata: { name, namespace } })))),
    // Setting an absolute replica count is idempotent, so it is retried like a read.
    scaleWorkload: (namespace, kind, name, replicas) =>
      call(`scale ${kind} ${namespace}/${name} to ${replicas}`, true, async () => {
        if (kind === "Deployment") {
          await apps.replaceNamespacedDeploymentScale({ namespace, name, body: { metadata: { name, namespace }, spec: { replicas } } });
          return workloadInfo(kind, await apps.readNamespacedDeployment({ namespace, name }));
        }
        const current = (await objects.read({ apiVersion: WORKLOAD_API_VERSION[kind], kind, metadata: { name, namespace } })) as KubeObject & { spec?: { replicas?: number } };
        return workloadInfo(kind, await objects.replace({ ...current, spec: { ...current.spec, replicas } }));
      }),
    warningEvents: (namespace) =>
      call(`read events of ${namespace}`, true, async () =>
        (await core.listNamespacedEvent({ namespace, fieldSelector: "type=Warning" })).items
          .sort((a, b) => String(b.lastTimestamp ?? "").localeCompare(String(a.lastTimestamp ?? "")))
          .map((e) => ({ object: `${e.involvedObject.kind}/${e.involvedObject.name}`, reason: e.reason ?? "", message: e.message ?? "" })),
      ),
  };
}
