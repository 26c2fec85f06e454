import { recordAuditEvent, type AuditActor } from "@/lib/audit/record-audit-event";
import { UserFacingError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { enqueueJob, QUEUES } from "@/lib/jobs/job-queue";
import type { ChangeFrom } from "./change-rules";

type ChangeOrder = Prisma.OrderGetPayload<{ include: { regions: { include: { region: true } } } }>;

/**
 * In the approval's transaction: the application takes the new quota size, gets a pending
 * production namespace in each added region, and the job that applies the change is queued.
 * The application stays ready throughout: a failover may still be needed while a quota grows.
 */
export async function startChange(tx: Prisma.TransactionClient, order: ChangeOrder, approver: AuditActor & { requestId?: string }) {
  const application = await tx.application.findUnique({ where: { id: order.applicationId ?? "" } });
  if (!application || application.status !== "READY") {
    throw new UserFacingError(`${order.applicationName} is ${application ? application.status.toLowerCase() : "gone"} now, so this change can no longer be applied. Reject it with a note instead.`);
  }
  const from = order.changeFrom as ChangeFrom;
  await tx.namespace.createMany({
    data: order.regions.map((r) => ({ applicationId: application.id, regionId: r.regionId, name: `${application.name}-prod`, role: "PROD" as const })),
    skipDuplicates: true,
  });
  await tx.application.update({ where: { id: application.id }, data: { quotaSize: order.quotaSize } });
  await recordAuditEvent(tx, {
    action: "application.changing",
    actor: approver,
    target: { type: "application", id: application.id },
    applicationId: application.id,
    before: { quotaSize: from.quotaSize, regions: from.regions },
    after: { quotaSize: order.quotaSize, addRegions: order.regions.map((r) => r.region.name) },
    requestId: approver.requestId,
  });
  await enqueueApplyChange(tx, order.id);
}

export function enqueueApplyChange(tx: Prisma.TransactionClient, orderId: string) {
  return enqueueJob(tx, QUEUES.applyChange, { orderId }, { singletonKey: orderId });
}
