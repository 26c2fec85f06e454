import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Db } from "@/lib/db/client";
import { UserFacingError } from "@/lib/errors";
import { eventOrderOf, queueOrderEvent } from "@/lib/notifications/order-event";
import { estimateMonthlyCost } from "@/lib/pricing/cost-model";
import { planNamespaces } from "@/lib/profiles/profiles";
import { type OrderInput } from "@/lib/orders/order-rules";
import { ORDER_DETAILS } from "./list-orders";
import type { OrderSettings } from "@/lib/config/order-settings";

export interface Requester {
  id: string;
  email: string;
  groups: string[];
  requestId?: string;
}

/** Orders still in play hold their application's name: nobody else can order it meanwhile. */
export const NAME_HOLDING_STATUSES = ["SUBMITTED", "APPROVED", "PROVISIONING", "READY"] as const;

/** Why a name cannot be ordered now, or null when it can. */
export async function applicationNameTakenBecause(database: Pick<Db, "application" | "order">, name: string): Promise<string | null> {
  const application = await database.application.findUnique({ where: { name }, select: { status: true } });
  if (application) return application.status === "RETIRED" ? `"${name}" belonged to an application that was retired; its history keeps the name. Choose another.` : `An application called "${name}" already exists.`;
  const order = await database.order.findFirst({ where: { applicationName: name, status: { in: [...NAME_HOLDING_STATUSES] } }, select: { status: true } });
  if (order) return `"${name}" is already ordered (${order.status.toLowerCase()}). Choose another name.`;
  return null;
}

/** Stores a validated order as submitted, with its cost estimate, audit event and webhook event. */
export async function submitOrder(database: Db, input: OrderInput, requester: Requester, settings: OrderSettings) {
  if (requester.groups.length > 0 && !requester.groups.includes(input.ownerGroup)) {
    throw new UserFacingError("Some fields need attention.", {
      ownerGroup: [`You can order only for a group you are in: ${requester.groups.join(", ")}.`],
    });
  }
  const estimate = estimateMonthlyCost(settings.costModel, input.profile, input.quotaSize, planNamespaces(input));
  return database.$transaction(async (tx) => {
    // Two people ordering the same name at the same moment: the second waits here, then sees the first.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${"order-name:" + input.applicationName}))`;
    const taken = await applicationNameTakenBecause(tx, input.applicationName);
    if (taken) throw new UserFacingError("Some fields need attention.", { applicationName: [taken] });

    const regions = await tx.region.findMany({ where: { name: { in: input.regions }, enabled: true } });
    const regionId = new Map(regions.map((r) => [r.name, r.id]));
    const missing = input.regions.filter((r) => !regionId.has(r));
    if (missing.length) throw new UserFacingError("Some fields need attention.", { regions: [`${missing.join(", ")} cannot be ordered in any more. Reload the page.`] });

    const order = await tx.order.create({
      data: {
        profile: input.profile,
        applicationName: input.applicationName,
        description: input.description,
        ownerGroup: input.ownerGroup,
        environments: input.environments,
        quotaSize: input.quotaSize,
        costCenter: input.costCenter,
        justification: input.justification,
        estimatedMonthlyCost: estimate.monthly,
        requesterId: requester.id,
        regions: { create: input.regions.map((name, position) => ({ regionId: regionId.get(name)!, position })) },
      },
      include: ORDER_DETAILS,
    });
    const summary = {
      applicationName: order.applicationName,
      profile: order.profile,
      regions: input.regions,
      environments: order.environments,
      quotaSize: order.quotaSize,
      costCenter: order.costCenter,
      estimatedMonthlyCost: order.estimatedMonthlyCost,
      status: order.status,
    };
    await recordAuditEvent(tx, { action: "order.submitted", actor: requester, target: { type: "order", id: order.id }, after: summary, requestId: requester.requestId });
    await queueOrderEvent(tx, settings.webhookUrl, { type: "order.submitted", order: eventOrderOf(order, { status: order.status }) });
    return order;
  });
}
