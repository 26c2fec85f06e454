import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Db } from "@/lib/db/client";
import { log } from "@/lib/log";
import { otherHoldersOfBlock } from "@/lib/provisioning/allocate-security-block";
import { applyQuota, ensureNamespace } from "@/lib/provisioning/ensure-namespace";
import { settle, type ProvisionOutcome } from "@/lib/provisioning/provision-application";
import { blockValuesOf } from "@/lib/selinux/security-block";
import type { RegionClients } from "@/lib/regions/region-clients";
import { regionsOf, type ChangeFrom } from "./change-rules";


/**
 * The approved change, as a durable job: each added region's namespace created with the
 * application's block (after checking nobody else there holds it), and the quota applied in every
 * namespace when its size changed. Every part is read or applied, so a retry after a crash or a
 * region outage finishes the change without duplicates. `finalAttempt` turns a remaining failure
 * into FAILED, for the platform team to retry from the order page.
 */
export async function applyChange(db: Db, clients: RegionClients, orderId: string, { finalAttempt = false } = {}): Promise<ProvisionOutcome> {
  const order = await db.order.findUniqueOrThrow({ where: { id: orderId } });
  if (order.kind !== "CHANGE" || order.status === "READY") return { status: "READY", failed: [] };
  const application = await db.application.findUniqueOrThrow({
    where: { id: order.applicationId! },
    include: { owner: true, securityBlock: true, namespaces: { where: { status: { not: "DELETED" } }, include: { region: true }, orderBy: { name: "asc" } } },
  });
  if (application.status === "RETIRING" || application.status === "RETIRED") return { status: "READY", failed: [] };
  if (order.status !== "PROVISIONING") {
    await db.$transaction(async (tx) => {
      await tx.order.update({ where: { id: orderId }, data: { status: "PROVISIONING" } });
      await recordAuditEvent(tx, { action: "order.provisioning", actor: "system", target: { type: "order", id: orderId }, applicationId: application.id, before: { status: order.status }, after: { status: "PROVISIONING" } });
    });
  }

  const from = order.changeFrom as ChangeFrom;
  const quotaChanged = from.quotaSize !== order.quotaSize;
  const block = blockValuesOf(application.securityBlock!);
  const about = { ...application, quotaSize: order.quotaSize, ownerEmail: application.owner.email };
  const failed: ProvisionOutcome["failed"] = [];

  for (const namespace of application.namespaces) {
    const region = namespace.region.name;
    const cluster = clients.cluster(region);
    try {
      if (namespace.status === "CREATED") {
        // It exists and may be serving: only its quota changes.
        if (quotaChanged) await applyQuota(cluster, namespace.name, order.quotaSize);
        continue;
      }
      const holders = otherHoldersOfBlock(await cluster.listNamespaces(), application.securityBlock!, application.name);
      if (holders.length) throw new Error(`${holders.join(", ")} in ${region} already hold${holders.length === 1 ? "s" : ""} ${application.name}'s SELinux level ${block.mcs}; move or remove ${holders.length === 1 ? "it" : "them"}, then retry`);
      await ensureNamespace(cluster, { application: about, namespace: { name: namespace.name, role: namespace.role, region }, block });
      await db.namespace.update({ where: { id: namespace.id }, data: { status: "CREATED", lastError: null } });
    } catch (error) {
      const message = (error as Error).message;
      failed.push({ region, namespace: namespace.name, error: message });
      if (namespace.status !== "CREATED") await db.namespace.update({ where: { id: namespace.id }, data: { status: "FAILED", lastError: message } });
      log.warn({ orderId, application: application.name, region, namespace: namespace.name, err: message }, "change not applied there yet");
    }
  }

  const { status, lastError } = settle(failed, finalAttempt);
  await db.$transaction(async (tx) => {
    await tx.order.update({ where: { id: orderId }, data: { status, lastError } });
    if (status === "PROVISIONING") return;
    await recordAuditEvent(tx, { action: status === "READY" ? "order.ready" : "order.failed", actor: "system", target: { type: "order", id: orderId }, applicationId: application.id, before: { status: "PROVISIONING" }, after: { status, ...(lastError ? { error: lastError } : {}) } });
    if (status === "READY") {
      await recordAuditEvent(tx, {
        action: "application.changed",
        actor: "system",
        target: { type: "application", id: application.id },
        applicationId: application.id,
        before: { quotaSize: from.quotaSize, regions: from.regions },
        after: { quotaSize: order.quotaSize, regions: regionsOf(application.namespaces.map((ns) => ({ region: ns.region.name }))) },
      });
    }
  });
  return { status, failed };
}
