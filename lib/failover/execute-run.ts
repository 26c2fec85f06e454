import { setTimeout as sleep } from "node:timers/promises";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { log } from "@/lib/log";
import type { RegionClients } from "@/lib/regions/region-clients";
import { buildRunContext, RUN_INCLUDE, StepError, type LoadedRun, type RunOptions } from "./run-context";
import type { RunSettings } from "./run-settings";
import { isRetryable } from "./run-steps";
import { ROLLBACK_STEP, stepDefinition, type StepName } from "./step-registry";

// Drives one run through its steps. A replica first claims the run with a lease in its row (a
// conditional update, so exactly one replica executes it), renews the lease while it works, and
// records every step's status, attempts, times, output and error. A run whose replica died is
// claimed again once the lease runs out and continues at the first step not yet done.

export interface ExecuteOptions {
  /** Set when this replica is shutting down: finish the current step, then hand the run back. */
  stopping?: () => boolean;
}

export type ExecuteOutcome = "not-claimed" | "handed-back" | "lost-lease" | "SUCCEEDED" | "FAILED" | "ABORTED";

async function claim(db: Db, runId: string, owner: string, leaseMs: number): Promise<boolean> {
  const claimed = await db.$executeRaw`
    UPDATE "FailoverRun"
       SET "leaseOwner" = ${owner}, "leaseUntil" = now() + make_interval(secs => ${leaseMs / 1000}),
           "status" = 'RUNNING', "startedAt" = COALESCE("startedAt", now())
     WHERE "id" = ${runId} AND "status" IN ('PENDING', 'RUNNING')
       AND ("leaseUntil" IS NULL OR "leaseUntil" < now() OR "leaseOwner" = ${owner})`;
  return claimed === 1;
}

async function renew(db: Db, runId: string, owner: string, leaseMs: number): Promise<boolean> {
  const renewed = await db.$executeRaw`
    UPDATE "FailoverRun" SET "leaseUntil" = now() + make_interval(secs => ${leaseMs / 1000})
     WHERE "id" = ${runId} AND "leaseOwner" = ${owner} AND "status" = 'RUNNING'`;
  return renewed === 1;
}

const seconds = (from: Date, to: Date) => Math.round((to.getTime() - from.getTime()) / 100) / 10;

export async function executeRun(db: Db, clients: RegionClients, runId: string, settings: RunSettings, owner: string, options: ExecuteOptions = {}): Promise<ExecuteOutcome> {
  if (!(await claim(db, runId, owner, settings.leaseMs))) return "not-claimed";
  let lost = false;
  const heartbeat = setInterval(() => {
    renew(db, runId, owner, settings.leaseMs)
      .then((ok) => (lost ||= !ok))
      .catch((error) => log.warn({ runId, err: error }, "could not renew the run's lease; another replica may take it over"));
  }, settings.leaseMs / 3);
  try {
    return await executeClaimed(db, clients, runId, settings, owner, options, () => lost);
  } finally {
    clearInterval(heartbeat);
  }
}

async function executeClaimed(db: Db, clients: RegionClients, runId: string, settings: RunSettings, owner: string, options: ExecuteOptions, leaseLost: () => boolean): Promise<ExecuteOutcome> {
  const load = () => db.failoverRun.findUniqueOrThrow({ where: { id: runId }, include: RUN_INCLUDE });
  let run = await load();
  const aborting = Boolean((run.options as RunOptions).abortRequested);
  const runLog = log.child({ runId, application: run.application.name, kind: run.kind });

  for (const step of run.steps) {
    if (step.status === "SUCCEEDED" || step.status === "SKIPPED") continue;
    if (aborting !== (step.name === ROLLBACK_STEP)) {
      if (aborting) await db.runStep.update({ where: { id: step.id }, data: { status: "SKIPPED", output: { skipped: "the run was aborted" } } });
      continue;
    }
    if (leaseLost()) return "lost-lease";
    if (options.stopping?.()) {
      await db.failoverRun.updateMany({ where: { id: runId, leaseOwner: owner }, data: { leaseUntil: new Date(0), leaseOwner: null } });
      return "handed-back";
    }
    run = await load();
    const outcome = await executeStep(db, clients, run, step.id, step.name as StepName, settings, runLog);
    if (outcome === "failed") return "FAILED";
  }
  if (leaseLost()) return "lost-lease";
  return finish(db, await load(), aborting, runLog);
}

async function executeStep(db: Db, clients: RegionClients, run: LoadedRun, stepId: string, name: StepName, settings: RunSettings, runLog: typeof log): Promise<"done" | "failed"> {
  const progress = async (output: Prisma.InputJsonValue) => void (await db.runStep.update({ where: { id: stepId }, data: { output } }));
  const ctx = buildRunContext(db, clients, run, settings, progress);
  const definition = stepDefinition(run.kind, name);
  if (!definition) throw new Error(`this version of the portal has no step ${name} for a ${run.kind} run`);
  const audit = (action: string, after: Prisma.InputJsonValue) =>
    recordAuditEvent(db, { action, actor: "system", target: { type: "run", id: run.id }, applicationId: run.applicationId, after });

  for (let attempt = 1; ; attempt++) {
    const current = await db.runStep.update({
      where: { id: stepId },
      data: { status: "RUNNING", attempts: { increment: 1 }, error: null },
    });
    const startedAt = current.startedAt ?? new Date();
    if (!current.startedAt) await db.runStep.update({ where: { id: stepId }, data: { startedAt } });
    await db.failoverRun.update({ where: { id: run.id }, data: { currentStep: name, error: null } });
    runLog.info({ step: name, attempt: current.attempts }, "step started");
    try {
      const result = await definition.run(ctx);
      const finishedAt = new Date();
      const skipped = "skipped" in result;
      await db.runStep.update({
        where: { id: stepId },
        data: { status: skipped ? "SKIPPED" : "SUCCEEDED", finishedAt, output: skipped ? { skipped: result.skipped, ...((result.output as object) ?? {}) } : result.output, error: null },
      });
      await audit(skipped ? "run.step_skipped" : "run.step_succeeded", { step: name, attempts: current.attempts, seconds: seconds(startedAt, finishedAt), ...(skipped ? { why: result.skipped } : {}) });
      runLog.info({ step: name, seconds: seconds(startedAt, finishedAt), skipped }, "step done");
      return "done";
    } catch (error) {
      const message = error instanceof StepError ? error.message : (error as Error).message;
      const retryable = definition.autoRetry && isRetryable(error);
      if (!(error instanceof StepError) && !("region" in (error as object))) runLog.error({ step: name, err: error }, "step failed unexpectedly");
      if (retryable && attempt < settings.stepAttempts) {
        const delay = settings.retryDelayMs * 2 ** (attempt - 1);
        runLog.warn({ step: name, attempt: current.attempts, err: message, retryInMs: delay }, "step failed; trying again");
        await db.runStep.update({ where: { id: stepId }, data: { error: `Attempt ${current.attempts} failed: ${message}. Trying again in ${Math.round(delay / 1000)} s.` } });
        await sleep(delay);
        continue;
      }
      const finishedAt = new Date();
      await db.$transaction(async (tx) => {
        await tx.runStep.update({ where: { id: stepId }, data: { status: "FAILED", finishedAt, error: message } });
        await tx.failoverRun.update({ where: { id: run.id }, data: { status: "FAILED", error: message, leaseOwner: null, leaseUntil: null } });
        await recordAuditEvent(tx, { action: "run.step_failed", actor: "system", target: { type: "run", id: run.id }, applicationId: run.applicationId, after: { step: name, attempts: current.attempts, error: message } });
      });
      runLog.warn({ step: name, attempts: current.attempts, err: message }, "step failed; the run waits for a person to retry or abort it");
      return "failed";
    }
  }
}

async function finish(db: Db, run: LoadedRun, aborted: boolean, runLog: typeof log): Promise<ExecuteOutcome> {
  const stepOf = (name: StepName) => run.steps.find((s) => s.name === name);
  const ready = stepOf("start-target")?.finishedAt;
  const rtoSeconds = !aborted && ready ? seconds(run.createdAt, ready) : null;
  const output = (name: StepName) => (stepOf(name)?.output ?? {}) as Record<string, unknown>;
  const dataPoint = run.kind === "DRILL" ? output("snapshot-volumes").takenAt : run.mode === "FORCED" ? output("export-source").takenAt : output("stop-source").stoppedAt;
  const dataPointAt = !aborted && typeof dataPoint === "string" ? new Date(dataPoint) : null;
  const status = aborted ? "ABORTED" : "SUCCEEDED";
  await db.$transaction(async (tx) => {
    await tx.failoverRun.update({
      where: { id: run.id },
      data: { status, finishedAt: new Date(), rtoSeconds, dataPointAt, currentStep: null, activeApplicationId: null, leaseOwner: null, leaseUntil: null },
    });
    await recordAuditEvent(tx, {
      action: aborted ? "run.aborted" : "run.succeeded",
      actor: "system",
      target: { type: "run", id: run.id },
      applicationId: run.applicationId,
      after: { kind: run.kind, from: run.fromRegion.name, to: run.toRegion.name, rtoSeconds, dataPointAt: dataPointAt?.toISOString() ?? null },
    });
  });
  runLog.info({ status, rtoSeconds }, "run finished");
  return status;
}
