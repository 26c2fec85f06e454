import * as k8s from "@kubernetes/client-node";
import { callWithRetry, CallTimeoutError, DEFAULT_RETRY, isRetryableStatus, nullIfNotFound, PlatformError, type RetryPolicy } from "./platform-error";

// A region's OpenShift cluster, through @kubernetes/client-node only. The failover and
// provisioning code sees this small interface, never the client library.

export interface NamespaceInfo {
  name: string;
  annotations: Record<string, string>;
  labels: Record<string, string>;
  phase: string;
}

export interface DeploymentInfo {
  namespace: string;
  name: string;
  replicas: number;
  readyReplicas: number;
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
  /** Creates the role binding of a group to a cluster role, or makes an existing one match. */
  applyGroupRoleBinding(namespace: string, binding: { name: string; group: string; clusterRole: string; labels?: Record<string, string> }): Promise<void>;
  deleteNamespace(name: string): Promise<void>;
  getDeployment(namespace: string, name: string): Promise<DeploymentInfo | null>;
  scaleDeployment(namespace: string, name: string, replicas: number): Promise<DeploymentInfo>;
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
async function createOrReplace<T extends { metadata?: k8s.V1ObjectMeta }>(body: T, read: () => Promise<T>, create: (body: T) => Promise<unknown>, replace: (body: T) => Promise<unknown>) {
  const existing = await absentIfNotFound(read());
  if (!existing) await create(body);
  else await replace({ ...body, metadata: { ...body.metadata, resourceVersion: existing.metadata?.resourceVersion } });
}

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

const deploymentInfo = (d: k8s.V1Deployment): DeploymentInfo => ({
  namespace: d.metadata!.namespace!,
  name: d.metadata!.name!,
  replicas: d.spec?.replicas ?? 1,
  readyReplicas: d.status?.readyReplicas ?? 0,
});

export function createRegionCluster(region: string, connection: ClusterConnection, retry: RetryPolicy = DEFAULT_RETRY): RegionCluster {
  const config = kubeConfigOf(region, connection);
  const core = config.makeApiClient(k8s.CoreV1Api);
  const apps = config.makeApiClient(k8s.AppsV1Api);
  const versionApi = config.makeApiClient(k8s.VersionApi);
  const rbac = config.makeApiClient(k8s.RbacAuthorizationV1Api);

  const call = <T>(name: string, safe: boolean, run: () => Promise<T>) =>
    callWithRetry(retry, safe, () => run(), (error) => {
      const status = error instanceof CallTimeoutError ? null : statusOf(error);
      return new PlatformError(region, "cluster", name, detailOf(error), status, isRetryableStatus(status));
    });

  return {
    region,
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
          (b) => core.replaceNamespacedResourceQuota({ name, namespace, body: b }),
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
          (b) => rbac.replaceNamespacedRoleBinding({ name, namespace, body: b }),
        );
      }),
    deleteNamespace: async (name) => {
      await nullIfNotFound(call(`delete namespace ${name}`, true, () => core.deleteNamespace({ name })));
    },
    getDeployment: (namespace, name) => nullIfNotFound(call(`read deployment ${namespace}/${name}`, true, async () => deploymentInfo(await apps.readNamespacedDeployment({ namespace, name })))),
    // Setting an absolute replica count is idempotent, so it is retried like a read.
    scaleDeployment: (namespace, name, replicas) =>
      call(`scale deployment ${namespace}/${name} to ${replicas}`, true, async () => {
        await apps.replaceNamespacedDeploymentScale({ namespace, name, body: { metadata: { name, namespace }, spec: { replicas } } });
        return deploymentInfo(await apps.readNamespacedDeployment({ namespace, name }));
      }),
  };
}
