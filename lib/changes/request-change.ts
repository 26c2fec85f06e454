import { mayOrderFor } from "@/lib/applications/may-order-for";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { CurrentUser } from "@/lib/auth/session";
import type { Db } from "@/lib/db/client";
import { NotFoundError, UserFacingError } from "@/lib/errors";
import { eventOrderOf, queueOrderEvent } from "@/lib/notifications/order-event";
import { estimateMonthlyCost } from "@/lib/pricing/cost-model";
import { ORDER_DETAILS } from "@/lib/orders/list-orders";
import type { OrderSettings } from "@/lib/config/order-settings";
import { otherHoldersOfBlock } from "@/lib/provisioning/allocate-security-block";
import type { RegionClients } from "@/lib/regions/region-clients";
import { changeRefusal, namespacesAfterChange, regionsOf, type ApplicationShape, type ChangeFrom, type ChangeRequest } from "./change-rules";
import { pendingOrderOf } from "./pending-order";
import { refuseWhileUnfenced } from "@/lib/failover/fence-regions";

/** An application as change orders read it: its live (not deleted) namespaces by region. */
export async function applicationShapeOf(db: Db, name: string) {
  const application = await db.application.findUnique({ where: { name }, include: { securityBlock: true, namespaces: { where: { status: { not: "DELETED" } }, include: { region: true }, orderBy: { name: "asc" } } } });
  if (!application) return null;
  const shape: ApplicationShape = { name: application.name, profile: application.profile, quotaSize: application.quotaSize, namespaces: application.namespaces.map((ns) => ({ name: ns.name, region: ns.region.name, role: ns.role })) };
  return { application, shape };
}

/**
 * The owner asks to change an application after the fact: another quota size, and for a
 * multi-site application more regions. It becomes an order of kind CHANGE in the approvers'
 * queue with the cost before and after; nothing changes in any cluster until it is approved.
 * Each region to add is read live first: its cluster must answer, and no namespace there may
 * hold the application's security block already.
 */
export async function requestChange(db: Db, clients: RegionClients, input: ChangeRequest, actor: Pick<CurrentUser, "id" | "email" | "role"> & { requestId?: string }, settings: Pick<OrderSettings, "costModel" | "webhookUrl">) {
  const found = await applicationShapeOf(db, input.applicationName);
  if (!found || !mayOrderFor(found.application, actor)) throw new NotFoundError("That application does not exist or is not yours to change.");
  const { application, shape } = found;
  if (application.status !== "READY") {
    const why = { PROVISIONING: "is still being provisioned; change it once that has finished", FAILED: "did not finish provisioning; the platform team retries it first", RETIRING: "is being retired", RETIRED: "is retired" }[application.status];
    throw new UserFacingError(`${application.name} ${why}.`);
  }
  await refuseWhileUnfenced(db, application, "a change");
  const refusal = changeRefusal(shape, input);
  if (refusal) throw new UserFacingError("Some fields need attention.", refusal);

  const regionProblems: string[] = [];
  for (const region of input.addRegions) {
    try {
      const namespaces = await clients.cluster(region).listNamespaces();
      const holders = otherHoldersOfBlock(namespaces, application.securityBlock!, application.name);
      if (holders.length) regionProblems.push(`In ${region}, ${holders.join(", ")} already use${holders.length === 1 ? "s" : ""} ${application.name}'s SELinux level ${application.securityBlock!.mcs}. Two applications cannot share it; the platform team has to move or remove ${holders.length === 1 ? "it" : "them"} first.`);
      const clash = namespaces.find((ns) => ns.name === `${application.name}-prod`);
      if (clash && !holders.includes(clash.name)) regionProblems.push(`${region} already has a namespace called ${clash.name} that is not ${application.name}'s.`);
    } catch (error) {
      regionProblems.push(`${region} did not answer (${(error as Error).message}). Nothing was ordered; try again when it is back.`);
    }
  }
  if (regionProblems.length) throw new UserFacingError("Some fields need attention.", { addRegions: regionProblems });

  const before = estimateMonthlyCost(settings.costModel, shape.profile, shape.quotaSize, shape.namespaces);
  const after = estimateMonthlyCost(settings.costModel, shape.profile, input.quotaSize, namespacesAfterChange(shape, input.addRegions));
  const changeFrom: ChangeFrom = { quotaSize: shape.quotaSize, regions: regionsOf(shape.namespaces), estimatedMonthlyCost: before.monthly };

  return db.$transaction(async (tx) => {
    // The same lock as new orders and retirements of this name: one pending order per application.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${"order-name:" + application.name}))`;
    const pending = await pendingOrderOf(tx, application.id);
    if (pending) throw new UserFacingError(pending.message);
    const regions = await tx.region.findMany({ where: { name: { in: input.addRegions }, enabled: true } });
    if (regions.length !== input.addRegions.length) throw new UserFacingError("Some fields need attention.", { addRegions: ["A region you chose cannot be ordered in any more. Reload the page."] });
    const order = await tx.order.create({
      data: {
        kind: "CHANGE",
        profile: application.profile,
        applicationName: application.name,
        description: application.description,
        ownerGroup: application.ownerGroup,
        environments: [...new Set(shape.namespaces.map((ns) => ns.role.toLowerCase()).filter((role) => role !== "dr"))],
        quotaSize: input.quotaSize,
        costCenter: application.costCenter,
        justification: input.justification,
        estimatedMonthlyCost: after.monthly,
        requesterId: actor.id,
        applicationId: application.id,
        changeFrom,
        regions: { create: input.addRegions.map((name, position) => ({ regionId: regions.find((r) => r.name === name)!.id, position })) },
      },
      include: ORDER_DETAILS,
    });
    await recordAuditEvent(tx, {
      action: "order.submitted",
      actor,
      target: { type: "order", id: order.id },
      applicationId: application.id,
      before: changeFrom,
      after: { kind: "CHANGE", applicationName: application.name, quotaSize: input.quotaSize, addRegions: input.addRegions, estimatedMonthlyCost: after.monthly },
      requestId: actor.requestId,
    });
    await queueOrderEvent(tx, settings.webhookUrl, { type: "order.submitted", order: eventOrderOf(order, { status: order.status }) });
    return order;
  });
}
