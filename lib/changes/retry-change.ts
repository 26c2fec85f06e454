import { recordAuditEvent, type AuditActor } from "@/lib/audit/record-audit-event";
import type { Db } from "@/lib/db/client";
import { NotFoundError, UserFacingError } from "@/lib/errors";
import { pendingOrderOf } from "./pending-order";
import { enqueueApplyChange } from "./start-change";

/** The platform team's retry of a change that stopped short: its failed namespaces go back to pending and the job runs again. */
export async function retryChange(db: Db, orderId: string, actor: AuditActor & { requestId?: string }) {
  return db.$transaction(async (tx) => {
    const order = await tx.order.findUnique({ where: { id: orderId }, include: { application: true } });
    if (!order || order.kind !== "CHANGE") throw new NotFoundError("That change order no longer exists.");
    if (order.status !== "FAILED") throw new UserFacingError(`This change is ${order.status.toLowerCase()}; only a failed change is retried.`);
    if (order.application?.status !== "READY") throw new UserFacingError(`${order.applicationName} is ${order.application?.status.toLowerCase() ?? "gone"}; the change is not applied any more.`);
    // Only a retirement can be in play beside a failed change (a new change waits for this one).
    const other = await pendingOrderOf(tx, order.applicationId!, { countFailedChange: false });
    if (other) throw new UserFacingError(other.order.kind === "RETIRE" ? `Retiring ${order.applicationName} was asked for since (/orders/${other.order.id}); decide that first: retiring removes what this change left.` : other.message);
    await tx.namespace.updateMany({ where: { applicationId: order.applicationId!, status: "FAILED" }, data: { status: "PENDING" } });
    await tx.order.update({ where: { id: orderId }, data: { status: "APPROVED" } });
    const job = await enqueueApplyChange(tx, orderId);
    await recordAuditEvent(tx, { action: "order.change_retried", actor, target: { type: "order", id: orderId }, applicationId: order.applicationId!, before: { status: "FAILED" }, after: { status: "APPROVED" }, requestId: actor.requestId });
    return { id: orderId, queued: job !== null };
  });
}
