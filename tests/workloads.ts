import path from "node:path";
import * as k8s from "@kubernetes/client-node";
import { cinderVolumeIdOf } from "@/lib/platform/cinder-volume";
import { eventually } from "./simulator";

// What an application team deploys into its production namespace (as `oc apply` would): several
// Deployments, Secrets and ConfigMaps, two claims on Cinder volumes, Services and a Route.

export function kubeClientsOf(simDir: string, region: string) {
  const config = new k8s.KubeConfig();
  config.loadFromFile(path.join(simDir, "kubeconfig"));
  config.setCurrentContext(region);
  return { core: config.makeApiClient(k8s.CoreV1Api), apps: config.makeApiClient(k8s.AppsV1Api), rbac: config.makeApiClient(k8s.RbacAuthorizationV1Api), objects: k8s.KubernetesObjectApi.makeApiClient(config) };
}

export const WORKLOADS = [
  { name: "db", replicas: 1, claim: "db-data" },
  { name: "files", replicas: 1, claim: "uploads" },
  { name: "web", replicas: 3 },
] as const;

export async function deployWorkloads(simDir: string, region: string, namespace: string, app: string) {
  const { core, apps, objects } = kubeClientsOf(simDir, region);
  for (const name of ["db-credentials", "api-keys"]) {
    await core.createNamespacedSecret({ namespace, body: { metadata: { name }, type: "Opaque", stringData: { value: `${app}-${name}-secret` } } });
  }
  for (const name of ["settings", "feature-flags"]) {
    await core.createNamespacedConfigMap({ namespace, body: { metadata: { name }, data: { key: `${app}-${name}` } } });
  }
  for (const claim of WORKLOADS.flatMap((w) => ("claim" in w ? [w.claim] : []))) {
    await core.createNamespacedPersistentVolumeClaim({ namespace, body: { metadata: { name: claim }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "2Gi" } }, storageClassName: "standard-csi" } } });
  }
  for (const workload of WORKLOADS) {
    await apps.createNamespacedDeployment({
      namespace,
      body: {
        metadata: { name: workload.name, labels: { app } },
        spec: {
          replicas: workload.replicas,
          selector: { matchLabels: { app, tier: workload.name } },
          template: {
            metadata: { labels: { app, tier: workload.name } },
            spec: {
              containers: [{ name: workload.name, image: `registry.example.com/${app}/${workload.name}:1.0`, envFrom: [{ secretRef: { name: "db-credentials" } }, { configMapRef: { name: "settings" } }] }],
              volumes: "claim" in workload ? [{ name: "data", persistentVolumeClaim: { claimName: workload.claim } }] : [],
            },
          },
        },
      },
    });
    await core.createNamespacedService({ namespace, body: { metadata: { name: workload.name }, spec: { selector: { app, tier: workload.name }, ports: [{ port: 8080 }] } } });
  }
  // An OpenShift DeploymentConfig too: deprecated, still common, carried over like a Deployment.
  await objects.create({
    apiVersion: "apps.openshift.io/v1",
    kind: "DeploymentConfig",
    metadata: { name: "worker", namespace },
    spec: { replicas: 2, selector: { app, tier: "worker" }, template: { metadata: { labels: { app, tier: "worker" } }, spec: { containers: [{ name: "worker", image: `registry.example.com/${app}/worker:1.0` }] } } },
  } as k8s.KubernetesObject);
  await objects.create({ apiVersion: "route.openshift.io/v1", kind: "Route", metadata: { name: app, namespace }, spec: { host: `${app}.apps.${region}.example.com`, to: { kind: "Service", name: "web" } } } as k8s.KubernetesObject);
  await waitUntilReady(simDir, region, namespace);
  return volumeIdsOf(simDir, region, namespace);
}

/** A small DR application in `<name>-prod`: a Secret, a claim on a Cinder volume, a Deployment of 2 pods. */
export async function deploySmallApplication(simDir: string, region: string, name: string) {
  const { core, apps } = kubeClientsOf(simDir, region);
  const namespace = `${name}-prod`;
  await core.createNamespacedSecret({ namespace, body: { metadata: { name: "credentials" }, stringData: { password: name } } });
  await core.createNamespacedPersistentVolumeClaim({ namespace, body: { metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } } });
  const body: k8s.V1Deployment = {
    metadata: { name: "server" },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "server", image: "registry.example.com/server:1" }], volumes: [{ name: "data", persistentVolumeClaim: { claimName: "data" } }] } },
    },
  };
  await apps.createNamespacedDeployment({ namespace, body });
}

export async function waitUntilReady(simDir: string, region: string, namespace: string, timeoutMs = 10_000) {
  const { apps } = kubeClientsOf(simDir, region);
  await eventually(async () => {
    const deployments = (await apps.listNamespacedDeployment({ namespace })).items;
    return deployments.length > 0 && deployments.every((d) => (d.status?.readyReplicas ?? 0) === (d.spec?.replicas ?? 1));
  }, timeoutMs);
}

/** The Cinder volume behind each claim of a namespace, by claim name. */
export async function volumeIdsOf(simDir: string, region: string, namespace: string): Promise<Record<string, string>> {
  const { core } = kubeClientsOf(simDir, region);
  const ids: Record<string, string> = {};
  await eventually(async () => (await core.listNamespacedPersistentVolumeClaim({ namespace })).items.every((c) => c.spec?.volumeName));
  for (const claim of (await core.listNamespacedPersistentVolumeClaim({ namespace })).items) {
    const pv = await core.readPersistentVolume({ name: claim.spec!.volumeName! });
    ids[claim.metadata!.name!] = cinderVolumeIdOf(pv)!;
  }
  return ids;
}

/** Replicas and readiness of every Deployment of a namespace, by name. */
export async function deploymentsOf(simDir: string, region: string, namespace: string) {
  const { apps } = kubeClientsOf(simDir, region);
  return Object.fromEntries((await apps.listNamespacedDeployment({ namespace })).items.map((d) => [d.metadata!.name!, { replicas: d.spec?.replicas ?? 1, ready: d.status?.readyReplicas ?? 0 }]));
}

/** Replicas and readiness of every DeploymentConfig of a namespace, by name. */
export async function deploymentConfigsOf(simDir: string, region: string, namespace: string) {
  const { objects } = kubeClientsOf(simDir, region);
  const list = await objects.list<k8s.KubernetesObject & { spec?: { replicas?: number }; status?: { readyReplicas?: number } }>("apps.openshift.io/v1", "DeploymentConfig", namespace);
  return Object.fromEntries(list.items.map((d) => [d.metadata!.name!, { replicas: d.spec?.replicas ?? 1, ready: d.status?.readyReplicas ?? 0 }]));
}
