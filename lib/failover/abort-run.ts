import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { wakeRunSupervisors } from "./run-wakeup";
import type { Db } from "@/lib/db/client";
import { NotFoundError, UserFacingError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { ROLLBACK_STEP } from "./step-registry";
import type { RunOptions } from "./run-context";
import type { Starter } from "./start-run";

/** Why a stopped run cannot be rolled back, or null when it can. */
export async function abortBlockedReason(db: Pick<Db, "runTransfer">, run: { id: string; kind: string; toRegion: { name: string } }): Promise<string | null> {
  if (run.kind === "DRILL") return null;
  const accepted = await db.runTransfer.count({ where: { runId: run.id, acceptedAt: { not: null } } });
  return accepted > 0 ? `The volumes already moved to ${run.toRegion.name}: rolling back would leave the application in neither region. Retry the step; fail back once the run has finished.` : null;
}

/**
 * Aborts a stopped run: a rollback step is added and executed like any other step (a drill tears
 * down; a failover deletes its pending transfers and starts the source again), then the run ends
 * ABORTED and the application is free for a new run.
 */
export async function abortRun(db: Db, runId: string, actor: Starter) {
  const run = await db.failoverRun.findUnique({ where: { id: runId }, include: { toRegion: true, steps: true } });
  if (!run) throw new NotFoundError(`There is no run ${runId}.`);
  if (run.status !== "WAITING") throw new UserFacingError("Only a run stopped at a failed step can be aborted. Reload the page to see where it is.");
  const blocked = await abortBlockedReason(db, run);
  if (blocked) throw new UserFacingError(blocked);
  return db.$transaction(async (tx) => {
    const options = { ...(run.options as RunOptions), abortRequested: true } as Prisma.InputJsonValue;
    const updated = await tx.failoverRun.updateMany({ where: { id: runId, status: "WAITING" }, data: { status: "PENDING", options, error: null, leaseOwner: null, leaseUntil: null } });
    if (updated.count !== 1) throw new UserFacingError("Someone else changed this run a moment ago. Reload the page to see where it is.");
    const position = Math.max(...run.steps.map((s) => s.position)) + 1;
    await tx.runStep.upsert({ where: { runId_name: { runId, name: ROLLBACK_STEP } }, create: { runId, name: ROLLBACK_STEP, position }, update: { status: "PENDING" } });
    await wakeRunSupervisors(tx, runId);
    await recordAuditEvent(tx, { action: "run.abort_requested", actor, target: { type: "run", id: runId }, applicationId: run.applicationId, after: { atStep: run.currentStep }, requestId: actor.requestId });
    return { runId };
  });
}
