import { QUOTA_INFO, type QuotaSizeName } from "@/lib/quotas/quotas";
import type { RegionCluster } from "@/lib/platform/region-cluster";
import { LABELS } from "./labels";
import { sccAnnotations, sccDrift, type SecurityBlockValues } from "@/lib/selinux/security-block";

const PROFILE_LABEL = { SINGLE_SITE: "single-site", MULTI_SITE: "multi-site", DR: "dr" } as const;
/** Label values allow letters, digits, '-', '_' and '.', at most 63. */
const labelValue = (value: string) => value.replace(/[^A-Za-z0-9._-]/g, "-").replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, "").slice(0, 63);

export interface NamespaceOfApplication {
  application: { name: string; profile: keyof typeof PROFILE_LABEL; description: string; costCenter: string; ownerGroup: string; quotaSize: QuotaSizeName; ownerEmail: string };
  namespace: { name: string; role: string; region: string };
  block: Pick<SecurityBlockValues, "mcs" | "uidRange">;
}

/**
 * One namespace of an application as it should be: created with its block, labels and OpenShift
 * project annotations if missing (its block put back if it drifted), then its quota, its container
 * defaults and the owner
 * group's role binding applied. Safe to repeat: each part is read or applied, never added twice.
 * Used by provisioning and by approved changes, so a namespace is made one way.
 */
export async function ensureNamespace(cluster: RegionCluster, { application, namespace, block }: NamespaceOfApplication) {
  const annotationsOfBlock = sccAnnotations(block);
  const live = await cluster.getNamespace(namespace.name);
  if (!live) {
    await cluster.createNamespace({
      name: namespace.name,
      labels: {
        [LABELS.application]: application.name,
        [LABELS.profile]: PROFILE_LABEL[application.profile],
        [LABELS.role]: namespace.role.toLowerCase(),
        [LABELS.costCenter]: labelValue(application.costCenter),
        [LABELS.managedBy]: "continuum",
      },
      annotations: {
        ...annotationsOfBlock,
        "openshift.io/display-name": `${application.name} (${namespace.role.toLowerCase()})`,
        "openshift.io/description": application.description,
        "openshift.io/requester": application.ownerEmail,
      },
    });
  } else if (live.labels[LABELS.application] !== application.name) {
    throw new Error(`a namespace called ${namespace.name} already exists in ${namespace.region} and does not belong to ${application.name}; rename or remove it, then retry`);
  } else if (sccDrift(live.annotations, block).length > 0) {
    // Ours from an earlier attempt, but its block was changed since: put the block back.
    await cluster.setNamespaceAnnotations(namespace.name, annotationsOfBlock);
  }
  await applyQuota(cluster, namespace.name, application.quotaSize);
  await cluster.applyGroupRoleBinding(namespace.name, { name: "continuum-owner-group-edit", group: application.ownerGroup, clusterRole: "edit", labels: { [LABELS.managedBy]: "continuum" } });
}

/** The application's ResourceQuota in one namespace, at its quota size (replaced if it differs). */
export async function applyQuota(cluster: RegionCluster, namespace: string, size: QuotaSizeName) {
  await cluster.applyResourceQuota(namespace, { name: "continuum-quota", hard: QUOTA_INFO[size].hard, labels: { [LABELS.managedBy]: "continuum" } });
  // A quota on CPU and memory takes only pods that say what they need: containers that do not get these defaults.
  await cluster.applyLimitRange(namespace, { name: "continuum-defaults", ...CONTAINER_DEFAULTS, labels: { [LABELS.managedBy]: "continuum" } });
}

/** What a container that names no resources gets in an application's namespaces. */
export const CONTAINER_DEFAULTS = { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "512Mi" } };
