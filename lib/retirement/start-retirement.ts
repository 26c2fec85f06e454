import { recordAuditEvent, type AuditActor } from "@/lib/audit/record-audit-event";
import { UserFacingError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { enqueueJob, QUEUES } from "@/lib/jobs/job-queue";
import type { RetiredVolume } from "./application-volumes";

export type VolumeDisposition = "DELETE" | "KEEP";

/** The names typed in the confirmation box: separated by commas, spaces or lines. */
const typedNames = (typed: string) => typed.split(/[\s,]+/).filter(Boolean);

/**
 * In the approval's transaction: the application becomes RETIRING and the job that removes it is
 * queued. Deleting volumes needs every one of them named exactly as listed; keeping them needs no
 * typing, as nothing is lost.
 */
export async function startRetirement(
  tx: Prisma.TransactionClient,
  order: { id: string; applicationId: string | null; retireVolumes: Prisma.JsonValue | null },
  approver: AuditActor & { requestId?: string },
  choice: { volumeDisposition?: VolumeDisposition; confirmVolumes?: string },
) {
  const volumes = (order.retireVolumes ?? []) as unknown as RetiredVolume[];
  const disposition = volumes.length === 0 ? "KEEP" : choice.volumeDisposition;
  if (!disposition) throw new UserFacingError("Some fields need attention.", { volumeDisposition: ["Choose whether the application's volumes are deleted or kept in the OpenStack project."] });
  if (disposition === "DELETE") {
    const typed = new Set(typedNames(choice.confirmVolumes ?? ""));
    const missing = volumes.filter((v) => !typed.has(v.name)).map((v) => v.name);
    const unknown = [...typed].filter((name) => !volumes.some((v) => v.name === name));
    if (missing.length || unknown.length) {
      throw new UserFacingError("Some fields need attention.", {
        confirmVolumes: [`Type the name of every volume to delete, exactly as listed: ${volumes.map((v) => v.name).join(", ")}.${unknown.length ? ` Not a volume of this application: ${unknown.join(", ")}.` : ""}`],
      });
    }
  }
  await tx.order.update({ where: { id: order.id }, data: { volumeDisposition: disposition } });
  await tx.application.update({ where: { id: order.applicationId! }, data: { status: "RETIRING" } });
  await recordAuditEvent(tx, {
    action: "application.retiring",
    actor: approver,
    target: { type: "application", id: order.applicationId! },
    applicationId: order.applicationId!,
    after: { volumes: disposition === "DELETE" ? "delete" : "keep", names: volumes.map((v) => v.name) },
    requestId: approver.requestId,
  });
  await enqueueJob(tx, QUEUES.retireApplication, { orderId: order.id }, { singletonKey: order.applicationId! });
}
