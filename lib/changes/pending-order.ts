import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * The order still in play for an existing application, if any: a change or a retirement waiting
 * for a decision or being carried out, or (unless `countFailedChange` is false) a change that
 * stopped short. One at a time, so a retirement cannot remove what a change is still creating,
 * and two changes cannot race. A retirement may follow a failed change: it removes what that left.
 */
export async function pendingOrderOf(tx: Pick<Prisma.TransactionClient, "order">, applicationId: string, { countFailedChange = true } = {}) {
  const inPlay: Prisma.OrderWhereInput[] = [{ kind: { in: ["CHANGE", "RETIRE"] }, status: { in: ["SUBMITTED", "APPROVED", "PROVISIONING"] } }];
  if (countFailedChange) inPlay.push({ kind: "CHANGE", status: "FAILED" });
  const order = await tx.order.findFirst({ where: { applicationId, OR: inPlay }, orderBy: { createdAt: "desc" } });
  if (!order) return null;
  const what = order.kind === "RETIRE" ? "Retiring" : "A change of";
  const message =
    order.status === "FAILED"
      ? `The last change of ${order.applicationName} did not finish (/orders/${order.id}); the platform team retries it first.`
      : order.status === "SUBMITTED"
        ? `${what} ${order.applicationName} is already waiting for approval (/orders/${order.id}).`
        : `${what} ${order.applicationName} is being carried out (/orders/${order.id}); ask again when it has finished.`;
  return { order, message };
}
