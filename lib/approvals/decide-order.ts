import { z } from "zod";
import { recordAuditEvent, type AuditActor } from "@/lib/audit/record-audit-event";
import type { Db } from "@/lib/db/client";
import { NotFoundError, UserFacingError } from "@/lib/errors";
import { utcMinute } from "@/lib/format-time";
import { eventOrderOf, queueOrderEvent } from "@/lib/notifications/order-event";
import { startProvisioning } from "@/lib/provisioning/start-provisioning";
import { startRetirement } from "@/lib/retirement/start-retirement";
import { startChange } from "@/lib/changes/start-change";
import { ORDER_DETAILS } from "@/lib/orders/list-orders";
import type { OrderSettings } from "@/lib/config/order-settings";

export type Decision = z.infer<typeof DecideOrderInput>;

const DecisionFields = z.object({
  orderId: z.string().min(1, "Choose an order."),
  decision: z.enum(["approve", "reject"], { error: "Choose approve or reject." }),
  note: z.string().trim().max(1000, "At most 1,000 characters.").regex(/^[^<>]*$/, "The note cannot contain < or >.").default(""),
  // Approving a retirement: what happens to the application's volumes, and their names typed to delete them.
  volumeDisposition: z.enum(["DELETE", "KEEP"], { error: "Choose delete or keep." }).optional(),
  confirmVolumes: z.string().max(4000).optional(),
});
const saysWhy = (d: { decision: string; note: string }) => d.decision === "approve" || d.note.length > 0;
const sayWhy = { path: ["note"], message: "Say why you reject it: the owner reads this note." };

/** A decision as a person sends it from the order page. */
export const DecideOrderInput = DecisionFields.refine(saysWhy, sayWhy);
/** The same decision as a pipeline sends it, the order being in the path (/api/v1/orders/{id}/decision). */
export const DecisionBody = DecisionFields.omit({ orderId: true }).refine(saysWhy, sayWhy);

/**
 * Approves or rejects a submitted order, once: the change is conditional on the order still
 * being submitted, so of two approvers acting at the same moment exactly one decides and the
 * other is told who did. Approval creates the application and queues its provisioning; for a
 * change, queues applying it; for a retirement, queues the application's removal.
 */
export async function decideOrder(database: Db, { orderId, decision, note, volumeDisposition, confirmVolumes }: Decision, approver: AuditActor & { requestId?: string }, settings: Pick<OrderSettings, "webhookUrl">) {
  const status = decision === "approve" ? ("APPROVED" as const) : ("REJECTED" as const);
  return database.$transaction(async (tx) => {
    const order = await tx.order.findUnique({ where: { id: orderId }, include: ORDER_DETAILS });
    if (!order) throw new NotFoundError("That order no longer exists. Go back to the approvals queue.");
    if (order.requesterId === approver.id) throw new UserFacingError("You submitted this order yourself; another approver has to decide it.");
    const decidedAt = new Date();
    const { count } = await tx.order.updateMany({
      where: { id: orderId, status: "SUBMITTED" },
      data: { status, decidedById: approver.id, decidedAt, decisionNote: note || null },
    });
    if (count === 0) {
      const current = await tx.order.findUniqueOrThrow({ where: { id: orderId }, include: { decidedBy: true } });
      const who = current.decidedBy ? `by ${current.decidedBy.name}` : "by its owner";
      throw new UserFacingError(`This order was already ${current.status.toLowerCase()} ${who} at ${utcMinute(current.decidedAt ?? current.updatedAt)}. Nothing was changed.`);
    }
    if (decision === "approve" && order.kind === "RETIRE") await startRetirement(tx, order, approver, { volumeDisposition, confirmVolumes });
    else if (decision === "approve" && order.kind === "CHANGE") await startChange(tx, order, approver);
    else if (decision === "approve") await startProvisioning(tx, order, approver);
    await recordAuditEvent(tx, {
      action: decision === "approve" ? "order.approved" : "order.rejected",
      actor: approver,
      target: { type: "order", id: orderId },
      // A change or retirement belongs to its application's history from the start.
      applicationId: order.applicationId ?? undefined,
      before: { status: order.status },
      after: { status, note: note || null },
      requestId: approver.requestId,
    });
    await queueOrderEvent(tx, settings.webhookUrl, {
      type: decision === "approve" ? "order.approved" : "order.rejected",
      order: eventOrderOf(order, { status, decidedBy: approver.email, decisionNote: note || null }),
    });
    return { id: orderId, status };
  });
}
