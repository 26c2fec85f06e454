import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Db } from "@/lib/db/client";
import { boundVolumeOf } from "@/lib/failover/namespace-export";
import { log } from "@/lib/log";
import { cinderVolumeIdOf } from "@/lib/platform/cinder-volume";
import type { RegionClients } from "@/lib/regions/region-clients";
import type { RetiredVolume } from "./application-volumes";

export class RetirementIncompleteError extends Error {}

/**
 * The approved retirement, as a durable job: every namespace of the application removed in every
 * region, its volumes deleted (each one confirmed by name at approval) or kept in the OpenStack
 * project, its security block released for the next order. Each part checks what is already
 * done, so a retry after a crash or a region outage finishes without harm. The application, its
 * orders, runs and audit trail stay readable.
 */
export async function retireApplication(db: Db, clients: RegionClients, orderId: string) {
  const order = await db.order.findUniqueOrThrow({ where: { id: orderId } });
  const application = await db.application.findUniqueOrThrow({ where: { id: order.applicationId! }, include: { namespaces: { include: { region: true } } } });
  if (application.status === "RETIRED") return { status: "RETIRED" as const };
  const listed = (order.retireVolumes ?? []) as unknown as RetiredVolume[];
  const deleteListed = order.volumeDisposition === "DELETE";
  const kept: string[] = [];

  for (const namespace of application.namespaces.filter((ns) => ns.status !== "DELETED")) {
    const cluster = clients.cluster(namespace.region.name);
    if (await cluster.getNamespace(namespace.name)) {
      // The claims' volumes first: kept ones must survive the namespace (reclaim policy Retain).
      for (const claim of (await cluster.listObjects("v1", "PersistentVolumeClaim", namespace.name)) ?? []) {
        const { pv, volumeId } = await boundVolumeOf(cluster, claim);
        if (!pv) continue;
        const toDelete = deleteListed && listed.some((v) => v.id === volumeId);
        if (!toDelete) kept.push(volumeId ?? pv.metadata.name);
        await cluster.applyObject({ ...pv, spec: { ...(pv.spec as object), persistentVolumeReclaimPolicy: "Retain" } });
      }
      await cluster.deleteNamespace(namespace.name);
    }
    if (await cluster.getNamespace(namespace.name)) throw new RetirementIncompleteError(`${namespace.region.name}/${namespace.name} is still terminating`);
    await db.namespace.update({ where: { id: namespace.id }, data: { status: "DELETED", lastError: null } });
  }

  // With the namespaces gone, the PersistentVolumes and (as approved) the Cinder volumes.
  for (const region of new Set(listed.map((v) => v.region))) {
    const cluster = clients.cluster(region);
    const ids = new Set(listed.filter((v) => v.region === region).map((v) => v.id));
    for (const pv of (await cluster.listObjects("v1", "PersistentVolume")) ?? []) {
      if (ids.has(cinderVolumeIdOf(pv) ?? "")) await cluster.deleteObject({ apiVersion: "v1", kind: "PersistentVolume", name: pv.metadata.name });
    }
  }
  for (const volume of deleteListed ? listed : []) {
    // After a failover the volume lives in the other region's project: look in every region.
    for (const region of clients.names) {
      const storage = clients.blockStorage(region);
      const found = await storage.getVolume(volume.id);
      if (!found) continue;
      if (found.status !== "available") throw new RetirementIncompleteError(`volume ${volume.name} is ${found.status}; it is deleted once it is detached`);
      await storage.deleteVolume(volume.id);
    }
  }

  const block = await db.securityBlock.findUnique({ where: { applicationId: application.id } });
  await db.$transaction(async (tx) => {
    if (block) await tx.securityBlock.delete({ where: { id: block.id } });
    await tx.application.update({ where: { id: application.id }, data: { status: "RETIRED", activeRegionId: null, lastError: null, syncIntervalMinutes: null } });
    await tx.order.update({ where: { id: order.id }, data: { status: "READY" } });
    await recordAuditEvent(tx, {
      action: "application.retired",
      actor: "system",
      target: { type: "application", id: application.id },
      applicationId: application.id,
      after: { namespaces: application.namespaces.map((ns) => `${ns.region.name}/${ns.name}`), volumesDeleted: deleteListed ? listed.map((v) => v.name) : [], volumesKept: kept, blockReleased: block ? block.mcs : null },
    });
  });
  log.info({ application: application.name, orderId }, "application retired");
  return { status: "RETIRED" as const };
}
