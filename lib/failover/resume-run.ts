import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Db } from "@/lib/db/client";
import { NotFoundError, UserFacingError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { wakeRunSupervisors } from "./run-wakeup";
import type { Starter } from "./start-run";

/** Tries a stopped run's failed step again (and everything after it), on whichever replica picks it up. */
export async function resumeRun(db: Db, runId: string, actor: Starter) {
  return db.$transaction(async (tx) => {
    if (!(await tx.failoverRun.findUnique({ where: { id: runId }, select: { id: true } }))) throw new NotFoundError(`There is no run ${runId}.`);
    const resumed = await tx.failoverRun.updateMany({ where: { id: runId, status: "WAITING" }, data: { status: "PENDING", error: null, leaseOwner: null, leaseUntil: null } });
    if (resumed.count !== 1) throw new UserFacingError("This run is not stopped at a failed step, so there is nothing to retry. Reload the page to see where it is.");
    const run = await tx.failoverRun.findUniqueOrThrow({ where: { id: runId } });
    // A person's retry starts the failed step afresh (they may have fixed what it met); automatic
    // retries and a replica taking over carry on from the step's progress instead.
    await tx.runStep.updateMany({ where: { runId, status: "FAILED" }, data: { output: Prisma.DbNull } });
    await wakeRunSupervisors(tx, runId);
    await recordAuditEvent(tx, { action: "run.resumed", actor, target: { type: "run", id: runId }, applicationId: run.applicationId, after: { fromStep: run.currentStep }, requestId: actor.requestId });
    return { runId };
  });
}
