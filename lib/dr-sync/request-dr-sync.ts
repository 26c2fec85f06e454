import { recordAuditEvent, type AuditActor } from "@/lib/audit/record-audit-event";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { DrSyncTrigger } from "@/lib/generated/prisma/enums";
import { enqueueJob, QUEUES } from "@/lib/jobs/job-queue";

/**
 * Asks for a DR sync of an application: a queued sync row and its job, in one transaction. A
 * sync already queued or running is returned instead of a second one (a pipeline that syncs after
 * every deploy, the schedule and a person pressing the button at once make one sync), unless its
 * job is gone: then that row is marked failed, so a lost sync never blocks the next for ever.
 */
export async function requestDrSync(db: Db, applicationId: string, trigger: DrSyncTrigger, actor: (AuditActor & { requestId?: string }) | "system") {
  return db.$transaction(async (tx) => {
    // One request at a time per application, across replicas.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`dr-sync:${applicationId}`}))`;
    const pending = await tx.drSync.findFirst({ where: { applicationId, status: { in: ["QUEUED", "RUNNING"] } } });
    if (pending && (await jobIsAlive(tx, pending.id))) return { sync: pending, alreadyPending: true };
    if (pending) {
      // Its job is gone (a replica died under it and the retries ran out): say so, and sync afresh.
      await tx.drSync.update({ where: { id: pending.id }, data: { status: "FAILED", finishedAt: new Date(), error: "Stopped without finishing: the portal replica running it went away and its retries ran out. A new sync was started." } });
    }
    const sync = await tx.drSync.create({ data: { applicationId, trigger, requestedById: actor === "system" ? null : actor.id } });
    await enqueueJob(tx, QUEUES.drSync, { syncId: sync.id }, { singletonKey: applicationId });
    await recordAuditEvent(tx, { action: "application.dr_sync_requested", actor, target: { type: "dr-sync", id: sync.id }, applicationId, after: { trigger }, requestId: actor === "system" ? undefined : actor.requestId });
    return { sync, alreadyPending: false };
  });
}

/** Whether the sync's job is still waiting, retrying or running in pg-boss. */
async function jobIsAlive(tx: Pick<Prisma.TransactionClient, "$queryRaw">, syncId: string) {
  const rows = await tx.$queryRaw<Array<{ alive: boolean }>>`SELECT EXISTS (SELECT 1 FROM pgboss.job WHERE name = ${QUEUES.drSync} AND data->>'syncId' = ${syncId} AND state IN ('created', 'retry', 'active')) AS alive`;
  return rows[0]?.alive === true;
}
