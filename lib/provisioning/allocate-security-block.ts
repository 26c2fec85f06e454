import type { Db } from "@/lib/db/client";
import { UserFacingError } from "@/lib/errors";
import type { NamespaceInfo, RegionCluster } from "@/lib/platform/region-cluster";
import type { BlockRange } from "@/lib/config/block-range";
import { LABELS } from "./labels";
import { blockOfUidRange, blocksHeldBy, blockValuesOf, BLOCK_SIZE, securityBlock, UID_BASE } from "@/lib/selinux/security-block";

/**
 * Gives the application one block free in every cluster involved (read live from their
 * namespaces) and among the blocks the portal has already reserved. Idempotent: an application
 * that has a block keeps it. Reservations are serialised by an advisory lock, and the unique
 * columns of SecurityBlock make a double booking impossible even so.
 */
export async function allocateSecurityBlock(database: Db, applicationId: string, clusters: RegionCluster[], range: BlockRange) {
  const existing = await database.securityBlock.findUnique({ where: { applicationId } });
  if (existing) return existing;

  const listed = await Promise.all(clusters.map((cluster) => cluster.listNamespaces()));
  const usedInClusters = new Set(listed.flat().flatMap((ns) => blocksHeldBy(ns.annotations)));

  return database.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('continuum:security-block'))`;
    const again = await tx.securityBlock.findUnique({ where: { applicationId } });
    if (again) return again;
    const reserved = await tx.securityBlock.findMany({ select: { mcs: true, uidRangeStart: true, uidRangeSize: true } });
    const used = new Set(usedInClusters);
    for (const row of reserved) {
      const block = blockOfUidRange(blockValuesOf(row).uidRange);
      if (block !== null) used.add(block);
    }
    let block = range.first;
    while (block <= range.last && used.has(block)) block++;
    if (block > range.last) {
      throw new UserFacingError(`No free security block is left in ${range.first}-${range.last}. Widen CONTINUUM_BLOCK_RANGE (and keep the clusters' own allocators out of the new range).`);
    }
    const values = securityBlock(block);
    return tx.securityBlock.create({
      data: { applicationId, mcs: values.mcs, uidRangeStart: UID_BASE + block * BLOCK_SIZE, uidRangeSize: BLOCK_SIZE },
    });
  });
}

/**
 * The namespaces, other than the application's own, that hold its block (by MCS level or UID
 * range): where one exists in a region, the application cannot have a namespace there without
 * two applications sharing an SELinux level.
 */
export function otherHoldersOfBlock(namespaces: NamespaceInfo[], row: { mcs: string; uidRangeStart: number; uidRangeSize: number }, applicationName: string) {
  const block = blockOfUidRange(blockValuesOf(row).uidRange);
  return namespaces.filter((ns) => ns.labels[LABELS.application] !== applicationName && blocksHeldBy(ns.annotations).includes(block ?? -1)).map((ns) => ns.name);
}
