import { blockOfUidRange, mcsLabelOfBlock, SCC_MCS, SCC_SUPPLEMENTAL_GROUPS, SCC_UID_RANGE, uidRangeOfBlock } from "@/lib/selinux/security-block";
import type { KubeObject } from "./store";

// How OpenShift gives each namespace its own SELinux MCS label and UID block: from one range per
// cluster, first free block first (the block format is the portal's, lib/provisioning). Two clusters allocate independently, so the same project
// usually gets different values in each region unless whoever creates it sets them.


/**
 * Gives a namespace created without the SCC annotations the first block no other namespace of
 * this cluster holds; a namespace created with them keeps them, as on OpenShift.
 */
export function assignSecurityBlock(namespace: KubeObject, existing: KubeObject[], firstBlock: number): KubeObject {
  const annotations = { ...(namespace.metadata.annotations ?? {}) };
  if (annotations[SCC_MCS] && annotations[SCC_UID_RANGE]) {
    annotations[SCC_SUPPLEMENTAL_GROUPS] ??= annotations[SCC_UID_RANGE];
    return { ...namespace, metadata: { ...namespace.metadata, annotations } };
  }
  const used = new Set(existing.map((ns) => blockOfUidRange(ns.metadata.annotations?.[SCC_UID_RANGE])).filter((b): b is number => b !== null));
  let block = firstBlock;
  while (used.has(block)) block++;
  annotations[SCC_MCS] = mcsLabelOfBlock(block);
  annotations[SCC_UID_RANGE] = uidRangeOfBlock(block);
  annotations[SCC_SUPPLEMENTAL_GROUPS] = uidRangeOfBlock(block);
  return { ...namespace, metadata: { ...namespace.metadata, annotations } };
}

/** A Project is OpenShift's view of a Namespace. */
export function projectOfNamespace(namespace: KubeObject): KubeObject {
  return {
    apiVersion: "project.openshift.io/v1",
    kind: "Project",
    metadata: { ...namespace.metadata, namespace: undefined },
    spec: { finalizers: ["kubernetes"] },
    status: namespace.status ?? { phase: "Active" },
  };
}
