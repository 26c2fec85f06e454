import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Db } from "@/lib/db/client";
import { log } from "@/lib/log";
import type { RegionClients } from "@/lib/regions/region-clients";
import type { BlockRange } from "@/lib/config/block-range";
import { allocateSecurityBlock } from "./allocate-security-block";
import { ensureNamespace } from "./ensure-namespace";
import { blockValuesOf } from "@/lib/selinux/security-block";

export class ProvisioningIncompleteError extends Error {}

export interface ProvisionOutcome {
  status: "READY" | "PROVISIONING" | "FAILED";
  failed: Array<{ region: string; namespace: string; error: string }>;
}

/**
 * Creates every pending namespace of an application, in every region, with its security block,
 * labels, quota and owner-group role binding. Each step checks what is already there, so a
 * retry after a crash or a region outage finishes the job without duplicates or a second block.
 * `finalAttempt` turns a remaining failure into FAILED instead of waiting for the next retry.
 * Only the application's own (NEW) order follows it; a change order has a job of its own.
 */
export async function provisionApplication(database: Db, clients: RegionClients, applicationId: string, range: BlockRange, { finalAttempt = false } = {}): Promise<ProvisionOutcome> {
  const application = await database.application.findUniqueOrThrow({
    where: { id: applicationId },
    include: { namespaces: { include: { region: true }, orderBy: { name: "asc" } }, owner: true, orders: { where: { kind: "NEW", status: { in: ["APPROVED", "PROVISIONING", "FAILED"] } } } },
  });
  if (application.status === "READY" || application.status === "RETIRING" || application.status === "RETIRED") return { status: "READY", failed: [] };

  for (const order of application.orders.filter((o) => o.status !== "PROVISIONING")) {
    await database.$transaction(async (tx) => {
      await tx.order.update({ where: { id: order.id }, data: { status: "PROVISIONING" } });
      await recordAuditEvent(tx, { action: "order.provisioning", actor: "system", target: { type: "order", id: order.id }, applicationId, before: { status: order.status }, after: { status: "PROVISIONING" } });
    });
  }
  if (application.status === "FAILED") await database.application.update({ where: { id: applicationId }, data: { status: "PROVISIONING" } });

  const regionNames = [...new Set(application.namespaces.map((ns) => ns.region.name))];
  const failed: ProvisionOutcome["failed"] = [];
  let block;
  try {
    block = await allocateSecurityBlock(database, applicationId, regionNames.map((r) => clients.cluster(r)), range);
  } catch (error) {
    // Without a block nothing may be created: a region down here stops the whole attempt.
    const message = (error as Error).message;
    await database.application.update({ where: { id: applicationId }, data: { lastError: `Choosing the security block: ${message}` } });
    return finish(database, applicationId, [{ region: "—", namespace: "security block", error: message }], finalAttempt);
  }
  const blockValues = blockValuesOf(block);
  const about = { ...application, ownerEmail: application.owner.email };

  for (const namespace of application.namespaces.filter((ns) => ns.status !== "CREATED" && ns.status !== "DELETED")) {
    try {
      await ensureNamespace(clients.cluster(namespace.region.name), { application: about, namespace: { name: namespace.name, role: namespace.role, region: namespace.region.name }, block: blockValues });
      await database.namespace.update({ where: { id: namespace.id }, data: { status: "CREATED", lastError: null } });
    } catch (error) {
      const message = (error as Error).message;
      failed.push({ region: namespace.region.name, namespace: namespace.name, error: message });
      await database.namespace.update({ where: { id: namespace.id }, data: { status: "FAILED", lastError: message } });
      log.warn({ applicationId, region: namespace.region.name, namespace: namespace.name, err: message }, "namespace not provisioned yet");
    }
  }
  if (failed.length === 0 && clients.traffic) {
    // Users reach the application at its global name from the start: the regions that serve production.
    const serving = application.profile === "DR" ? application.namespaces.filter((ns) => ns.regionId === application.activeRegionId) : application.namespaces.filter((ns) => ns.role === "PROD" || application.profile === "SINGLE_SITE");
    const regions = [...new Set(serving.map((ns) => ns.region.name))].sort();
    const name = clients.traffic.dns.nameOf(application.name);
    try {
      await clients.traffic.dns.point(name, regions.map((region) => clients.traffic!.routerOf(region)));
    } catch (error) {
      failed.push({ region: "DNS", namespace: name, error: (error as Error).message });
    }
  }
  return finish(database, applicationId, failed, finalAttempt);
}

/**
 * Where an attempt leaves work done namespace by namespace (provisioning, a change): done, failed
 * for good on the last attempt, or to be retried; with the failures as one message, a line each.
 */
export function settle(failed: ProvisionOutcome["failed"], finalAttempt: boolean) {
  const status: ProvisionOutcome["status"] = failed.length === 0 ? "READY" : finalAttempt ? "FAILED" : "PROVISIONING";
  const lastError = failed.length === 0 ? null : failed.map((f) => `${f.region} ${f.namespace}: ${f.error}`).join("\n");
  return { status, lastError };
}

async function finish(database: Db, applicationId: string, failed: ProvisionOutcome["failed"], finalAttempt: boolean): Promise<ProvisionOutcome> {
  const { status, lastError } = settle(failed, finalAttempt);
  await database.$transaction(async (tx) => {
    const before = await tx.application.findUniqueOrThrow({ where: { id: applicationId }, include: { orders: { where: { kind: "NEW", status: "PROVISIONING" } } } });
    await tx.application.update({ where: { id: applicationId }, data: { status, lastError } });
    if (status === "PROVISIONING") return;
    for (const order of before.orders) {
      await tx.order.update({ where: { id: order.id }, data: { status } });
      await recordAuditEvent(tx, { action: status === "READY" ? "order.ready" : "order.failed", actor: "system", target: { type: "order", id: order.id }, applicationId, before: { status: "PROVISIONING" }, after: { status } });
    }
    await recordAuditEvent(tx, {
      action: status === "READY" ? "application.ready" : "application.provisioning_failed",
      actor: "system",
      target: { type: "application", id: applicationId },
      applicationId,
      before: { status: before.status },
      after: { status, ...(lastError ? { error: lastError } : {}) },
    });
  });
  return { status, failed };
}
