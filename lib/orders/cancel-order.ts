import { recordAuditEvent, type AuditActor } from "@/lib/audit/record-audit-event";
import type { Db } from "@/lib/db/client";
import { NotFoundError, UserFacingError } from "@/lib/errors";
import { eventOrderOf, queueOrderEvent } from "@/lib/notifications/order-event";
import { ORDER_DETAILS } from "./list-orders";
import type { OrderSettings } from "@/lib/config/order-settings";

/** The owner withdraws their own order while it still waits for a decision. */
export async function cancelOrder(database: Db, orderId: string, owner: AuditActor & { requestId?: string }, settings: Pick<OrderSettings, "webhookUrl">) {
  return database.$transaction(async (tx) => {
    const order = await tx.order.findUnique({ where: { id: orderId }, include: ORDER_DETAILS });
    // Someone else's order is "not found" to an owner: its existence is not theirs to know.
    if (!order || order.requesterId !== owner.id) throw new NotFoundError("That order does not exist or is not yours.");
    const { count } = await tx.order.updateMany({ where: { id: orderId, status: "SUBMITTED" }, data: { status: "CANCELLED" } });
    if (count === 0) throw new UserFacingError(`This order is already ${order.status.toLowerCase()}; only an order waiting for approval can be cancelled.`);
    await recordAuditEvent(tx, { action: "order.cancelled", actor: owner, target: { type: "order", id: orderId }, applicationId: order.applicationId ?? undefined, before: { status: "SUBMITTED" }, after: { status: "CANCELLED" }, requestId: owner.requestId });
    await queueOrderEvent(tx, settings.webhookUrl, {
      type: "order.cancelled",
      order: eventOrderOf(order, { status: "CANCELLED" }),
    });
    return { id: orderId, status: "CANCELLED" as const };
  });
}
