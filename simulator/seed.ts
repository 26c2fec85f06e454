import type { Cluster } from "./kube/cluster";
import { CINDER_CSI_DRIVER } from "@/lib/platform/cinder-volume";
import { mcsLabelOfBlock, SCC_MCS, SCC_SUPPLEMENTAL_GROUPS, SCC_UID_RANGE, uidRangeOfBlock } from "@/lib/selinux/security-block";
import { DEMO_DR_APPLICATION } from "@/lib/demo/seed-demo";
import { LABELS } from "@/lib/provisioning/labels";
import { resourceTypeOfKind } from "./kube/resources";
import type { OpenStackCloud } from "./openstack/cloud";

// Example applications for the embedded default, so there is something to look at and to fail
// over: `books`, a DR application running in europe-west with its database on a Cinder volume,
// and its empty DR namespace in europe-east; `catalog`, multi-site, running in both regions.

const kind = resourceTypeOfKind;

function sccAnnotations(block: number) {
  return { [SCC_MCS]: mcsLabelOfBlock(block), [SCC_UID_RANGE]: uidRangeOfBlock(block), [SCC_SUPPLEMENTAL_GROUPS]: uidRangeOfBlock(block) };
}

function projectAnnotations(displayName: string, description: string) {
  return { "openshift.io/display-name": displayName, "openshift.io/description": description, "openshift.io/requester": "olivia.owner@continuum.demo" };
}

export const SEED_BOOKS_ROWS = [
  { id: 1, title: "The Phoenix Project", stock: 12 },
  { id: 2, title: "Site Reliability Engineering", stock: 7 },
  { id: 3, title: "Release It!", stock: 3 },
];

function seedApp(cluster: Cluster, namespace: string, app: string, replicas: number, claim?: { pvName: string; volumeId: string }) {
  const store = cluster.store;
  store.create(kind("Secret"), { metadata: { name: `${app}-db-credentials`, namespace }, type: "Opaque", data: { password: Buffer.from(`${app}-demo-password`).toString("base64") } });
  store.create(kind("ConfigMap"), { metadata: { name: `${app}-config`, namespace }, data: { LOG_LEVEL: "info" } });
  if (claim) {
    store.create(kind("PersistentVolume"), {
      metadata: { name: claim.pvName, labels: { app } },
      spec: {
        capacity: { storage: "1Gi" },
        accessModes: ["ReadWriteOnce"],
        persistentVolumeReclaimPolicy: "Retain",
        storageClassName: "standard-csi",
        csi: { driver: CINDER_CSI_DRIVER, volumeHandle: claim.volumeId, fsType: "ext4" },
      },
      status: { phase: "Available" },
    });
    store.create(kind("PersistentVolumeClaim"), {
      metadata: { name: `${app}-data`, namespace, labels: { app } },
      spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, storageClassName: "standard-csi", volumeName: claim.pvName },
      status: { phase: "Pending" },
    });
  }
  store.create(kind("Deployment"), {
    metadata: { name: `${app}-db`, namespace, labels: { app } },
    spec: {
      replicas,
      selector: { matchLabels: { app, tier: "db" } },
      template: {
        metadata: { labels: { app, tier: "db" } },
        spec: {
          containers: [{ name: "postgresql", image: "registry.redhat.io/rhel9/postgresql-16:latest", ports: [{ containerPort: 5432 }], envFrom: [{ secretRef: { name: `${app}-db-credentials` } }] }],
          volumes: claim ? [{ name: "data", persistentVolumeClaim: { claimName: `${app}-data` } }] : [],
        },
      },
    },
  });
  store.create(kind("Service"), { metadata: { name: `${app}-db`, namespace, labels: { app } }, spec: { selector: { app, tier: "db" }, ports: [{ port: 5432, targetPort: 5432 }] } });
  store.create(kind("Route"), {
    metadata: { name: app, namespace, labels: { app } },
    spec: { host: `${app}.apps.${cluster.region}.example.com`, to: { kind: "Service", name: `${app}-db` }, tls: { termination: "edge" } },
  });
}

export function seedExampleApplications(clusters: Cluster[], cloud: OpenStackCloud) {
  const [west, east] = clusters;
  if (!west || !east) return;
  // A block free in both clusters, set on both namespaces, as the portal does; the portal's
  // embedded default registers this application (lib/db/seed-demo.ts).
  const demo = DEMO_DR_APPLICATION;
  for (const ns of demo.namespaces) {
    const cluster = ns.role === "PROD" ? west : east;
    cluster.createNamespace({
      metadata: {
        name: ns.name,
        labels: { [LABELS.application]: demo.name, [LABELS.profile]: "dr", [LABELS.role]: ns.role.toLowerCase(), [LABELS.managedBy]: "continuum" },
        annotations: { ...sccAnnotations(demo.block), ...projectAnnotations(`Books (${ns.role.toLowerCase()})`, "Online bookshop") },
      },
    });
  }
  const volume = cloud.createVolume(west.projectId, { size: 1, name: "books-data", description: "books database" }, { rows: SEED_BOOKS_ROWS });
  seedApp(west, "books-prod", "books", 1, { pvName: "books-data-pv", volumeId: volume.id });

  for (const [index, cluster] of clusters.entries()) {
    cluster.createNamespace({ metadata: { name: "catalog", annotations: { ...sccAnnotations(41), ...projectAnnotations("Catalog", "Product catalogue, active in every region") } } });
    seedApp(cluster, "catalog", "catalog", 2 + index);
  }
}
