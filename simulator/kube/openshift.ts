import type { KubeObject } from "./store";

// How OpenShift gives each namespace its own SELinux MCS label and UID block: from one range per
// cluster, first free block first. Two clusters allocate independently, so the same project
// usually gets different values in each region unless whoever creates it sets them.

export const SCC_MCS = "openshift.io/sa.scc.mcs";
export const SCC_UID_RANGE = "openshift.io/sa.scc.uid-range";
export const SCC_SUPPLEMENTAL_GROUPS = "openshift.io/sa.scc.supplemental-groups";

const UID_BASE = 1_000_000_000;
const BLOCK_SIZE = 10_000;

/** The n-th MCS pair in OpenShift's order: c1,c0; c2,c0; c2,c1; c3,c0; … */
export function mcsLabelOfBlock(block: number): string {
  let high = 1;
  let remaining = block;
  while (remaining >= high) {
    remaining -= high;
    high++;
  }
  return `s0:c${high},c${remaining}`;
}

export const uidRangeOfBlock = (block: number) => `${UID_BASE + block * BLOCK_SIZE}/${BLOCK_SIZE}`;

export function blockOfUidRange(range: string | undefined): number | null {
  const match = range?.match(/^(\d+)\/(\d+)$/);
  if (!match) return null;
  const start = Number(match[1]);
  return (start - UID_BASE) % BLOCK_SIZE === 0 && start >= UID_BASE ? (start - UID_BASE) / BLOCK_SIZE : null;
}

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
