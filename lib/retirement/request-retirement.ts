import { z } from "zod";
import { mayOrderFor } from "@/lib/applications/may-order-for";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { CurrentUser } from "@/lib/auth/session";
import type { Db } from "@/lib/db/client";
import { pendingOrderOf } from "@/lib/changes/pending-order";
import { NotFoundError, UserFacingError } from "@/lib/errors";
import { eventOrderOf, queueOrderEvent } from "@/lib/notifications/order-event";
import { ORDER_DETAILS } from "@/lib/orders/list-orders";
import type { OrderSettings } from "@/lib/config/order-settings";
import type { RegionClients } from "@/lib/regions/region-clients";
import { applicationVolumes } from "./application-volumes";

export const RetirementRequestInput = z.object({
  applicationName: z.string().min(1, "Choose an application.").max(63),
  justification: z.string().trim().min(20, "Say in a sentence or two (at least 20 characters) why it can go; the approver reads it.").max(2000, "At most 2,000 characters.").regex(/^[^<>]*$/, "The justification cannot contain < or >."),
});

/**
 * The owner asks for an application to be retired: an order of kind RETIRE in the approvers'
 * queue, carrying the application's Cinder volumes as they are now, so the approver confirms
 * deleting exactly those by name. Nothing is removed until it is approved.
 */
export async function requestRetirement(db: Db, clients: RegionClients, input: z.output<typeof RetirementRequestInput>, actor: Pick<CurrentUser, "id" | "email" | "role"> & { requestId?: string }, settings: Pick<OrderSettings, "webhookUrl">) {
  const application = await db.application.findUnique({ where: { name: input.applicationName }, include: { namespaces: { include: { region: true } } } });
  if (!application || !mayOrderFor(application, actor)) throw new NotFoundError("That application does not exist or is not yours to retire.");
  if (application.status === "RETIRING" || application.status === "RETIRED") throw new UserFacingError(`${application.name} is already ${application.status.toLowerCase()}.`);
  if (application.status === "PROVISIONING") throw new UserFacingError(`${application.name} is still being provisioned; retire it once that has finished or failed.`);
  const activeRun = await db.failoverRun.findFirst({ where: { activeApplicationId: application.id } });
  if (activeRun) throw new UserFacingError(`A ${activeRun.kind.toLowerCase()} of ${application.name} is in progress (/runs/${activeRun.id}); ask again when it has finished.`);
  const volumes = await applicationVolumes(db, clients, application.id);
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${"order-name:" + application.name}))`;
    const pending = await pendingOrderOf(tx, application.id, { countFailedChange: false });
    if (pending) throw new UserFacingError(pending.message);
    const regionIds = [...new Set(application.namespaces.map((ns) => ns.regionId))];
    const order = await tx.order.create({
      data: {
        kind: "RETIRE",
        profile: application.profile,
        applicationName: application.name,
        description: application.description,
        ownerGroup: application.ownerGroup,
        environments: [...new Set(application.namespaces.map((ns) => ns.role.toLowerCase()).filter((r) => r !== "dr"))],
        quotaSize: application.quotaSize,
        costCenter: application.costCenter,
        justification: input.justification,
        estimatedMonthlyCost: 0,
        requesterId: actor.id,
        applicationId: application.id,
        retireVolumes: JSON.parse(JSON.stringify(volumes)),
        regions: { create: regionIds.map((regionId, position) => ({ regionId, position })) },
      },
      include: ORDER_DETAILS,
    });
    await recordAuditEvent(tx, { action: "order.submitted", actor, target: { type: "order", id: order.id }, applicationId: application.id, after: { kind: "RETIRE", applicationName: application.name, volumes: volumes.map((v) => v.name) }, requestId: actor.requestId });
    await queueOrderEvent(tx, settings.webhookUrl, { type: "order.submitted", order: eventOrderOf(order, { status: order.status }) });
    return order;
  });
}
