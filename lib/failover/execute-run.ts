import { setTimeout as sleep } from "node:timers/promises";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Db, Tx } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { log } from "@/lib/log";
import { withCallScope } from "@/lib/platform/platform-error";
import type { RegionClients } from "@/lib/regions/region-clients";
import { servingNamespaceIn } from "./dr-regions";
import { refreshDrStateOf } from "./dr-state";
import { requireFence } from "./fence-regions";
import { claimRun, LeaseLostError, type RunLease } from "./run-lease";
import { buildRunContext, RUN_INCLUDE, StepError, type LoadedRun, type RunOptions } from "./run-context";
import type { RunSettings } from "@/lib/config/run-settings";
import { isRetryable } from "./run-steps";
import { ROLLBACK_STEP, stepDefinition, type StepName } from "./step-registry";

// Drives one run through its steps. A replica first claims the run (a lease with a fencing token
// in its row, so exactly one replica executes it), renews the lease while it works, and records
// every step's status, attempts, times, output and error, each write fenced by the lease. A run
// whose replica died or paused too long is claimed again once the lease runs out and continues at
// the first step not yet done; the old replica, should it wake up, writes nothing more.

export interface ExecuteOptions {
  /** Set when this replica is shutting down: finish the current step, then hand the run back. */
  stopping?: () => boolean;
  /** Called once if the lease is lost: the run is no longer this execution's, whether or not it has returned yet. */
  leaseLost?: () => void;
}

export type ExecuteOutcome = "not-claimed" | "handed-back" | "lost-lease" | "SUCCEEDED" | "WAITING" | "ABORTED";

const seconds = (from: Date, to: Date) => Math.round((to.getTime() - from.getTime()) / 100) / 10;

export async function executeRun(db: Db, clients: RegionClients, runId: string, settings: RunSettings, owner: string, options: ExecuteOptions = {}): Promise<ExecuteOutcome> {
  const lease = await claimRun(db, runId, owner, settings.leaseMs);
  if (!lease) return "not-claimed";
  lease.signal.addEventListener("abort", () => options.leaseLost?.(), { once: true });
  try {
    return await executeClaimed(db, clients, lease, settings, options);
  } catch (error) {
    if (error instanceof LeaseLostError || lease.lost()) return "lost-lease";
    throw error;
  } finally {
    lease.end();
  }
}

async function executeClaimed(db: Db, clients: RegionClients, lease: RunLease, settings: RunSettings, options: ExecuteOptions): Promise<ExecuteOutcome> {
  const load = () => db.failoverRun.findUniqueOrThrow({ where: { id: lease.runId }, include: RUN_INCLUDE });
  const run = await load();
  const aborting = Boolean((run.options as RunOptions).abortRequested);
  const runLog = log.child({ runId: run.id, application: run.application.name, kind: run.kind, epoch: lease.epoch });

  for (const step of run.steps) {
    if (step.status === "SUCCEEDED" || step.status === "SKIPPED") continue;
    if (aborting !== (step.name === ROLLBACK_STEP)) {
      if (aborting) await lease.write((tx) => tx.runStep.update({ where: { id: step.id }, data: { status: "SKIPPED", output: { skipped: "the run was aborted" } } }));
      continue;
    }
    if (lease.lost()) return "lost-lease";
    if (options.stopping?.()) {
      await lease.handBack();
      return "handed-back";
    }
    // The run as loaded at the claim, with each step's result kept as it is written: this replica
    // alone writes the run while it holds the lease, so reading it back before every step is not needed.
    const outcome = await executeStep(db, clients, lease, run, step.id, step.name as StepName, settings, runLog);
    if (outcome === "WAITING") {
      lease.end();
      await refreshDrStateOf(db, run.applicationId);
    }
    if (outcome !== "done") return outcome;
  }
  const status = await finish(lease, await load(), aborting, runLog);
  lease.end();
  await refreshDrStateOf(db, run.applicationId);
  return status;
}

async function executeStep(db: Db, clients: RegionClients, lease: RunLease, run: LoadedRun, stepId: string, name: StepName, settings: RunSettings, runLog: typeof log): Promise<"done" | "WAITING" | "lost-lease"> {
  const definition = stepDefinition(run.kind, name);
  const audit = (tx: Tx, action: string, after: Prisma.InputJsonValue) =>
    recordAuditEvent(tx, { action, actor: "system", target: { type: "run", id: run.id }, applicationId: run.applicationId, after });
  /** The step failed for good: the run waits for a person to retry or abort it. */
  const waitForAPerson = async (message: string, attempts: number) => {
    await lease.write(async (tx) => {
      await tx.runStep.update({ where: { id: stepId }, data: { status: "FAILED", finishedAt: new Date(), error: message } });
      await tx.failoverRun.update({ where: { id: run.id }, data: { status: "WAITING", error: message, leaseOwner: null, leaseUntil: null } });
      await audit(tx, "run.step_failed", { step: name, attempts, error: message });
    });
    runLog.warn({ step: name, attempts, err: message }, "step failed; the run waits for a person to retry or abort it");
    return "WAITING" as const;
  };
  // A run started by a replica of another version can name a step this one does not have.
  if (!definition) return waitForAPerson(`This version of the portal has no step "${name}" for a ${run.kind.toLowerCase()} run; a replica of another version planned it. Bring every replica to the same version, then retry, or abort the run.`, 0);
  const progress = async (output: Prisma.InputJsonValue) => void (await lease.write((tx) => tx.runStep.update({ where: { id: stepId }, data: { output } })));
  const ctx = buildRunContext(db, lease, clients, run, name, settings, progress);

  for (let attempt = 1; ; attempt++) {
    const current = await lease.write(async (tx) => {
      // One statement: the first attempt sets when the step started, later ones keep it.
      const [started] = await tx.$queryRaw<Array<{ attempts: number; startedAt: Date }>>`
        UPDATE "RunStep" SET "status" = 'RUNNING', "attempts" = "attempts" + 1, "error" = NULL, "startedAt" = COALESCE("startedAt", ${new Date()})
         WHERE "id" = ${stepId} RETURNING "attempts", "startedAt"`;
      await tx.failoverRun.update({ where: { id: run.id }, data: { currentStep: name, error: null } });
      return started!;
    });
    const startedAt = current.startedAt!;
    runLog.info({ step: name, attempt: current.attempts }, "step started");
    try {
      const result = await withCallScope({ signal: lease.signal, beforeCall: lease.confirm }, () => definition.run(ctx));
      const finishedAt = new Date();
      const skipped = "skipped" in result;
      await lease.write(async (tx) => {
        await tx.runStep.update({
          where: { id: stepId },
          data: { status: skipped ? "SKIPPED" : "SUCCEEDED", finishedAt, output: skipped ? { skipped: result.skipped, ...((result.output as object) ?? {}) } : result.output, error: null },
        });
        await audit(tx, skipped ? "run.step_skipped" : "run.step_succeeded", { step: name, attempts: current.attempts, seconds: seconds(startedAt, finishedAt), ...(skipped ? { why: result.skipped } : {}) });
      });
      runLog.info({ step: name, seconds: seconds(startedAt, finishedAt), skipped }, "step done");
      const recorded = run.steps.find((s) => s.id === stepId)!;
      Object.assign(recorded, { status: skipped ? "SKIPPED" : "SUCCEEDED", startedAt, finishedAt, attempts: current.attempts, error: null, output: skipped ? { skipped: result.skipped, ...((result.output as object) ?? {}) } : result.output });
      return "done";
    } catch (error) {
      if (error instanceof LeaseLostError || lease.lost()) {
        runLog.warn({ step: name, attempt: current.attempts }, "step abandoned: another replica holds the run now and carries it on");
        return "lost-lease";
      }
      const message = error instanceof StepError ? error.message : (error as Error).message;
      const retryable = definition.autoRetry && isRetryable(error);
      if (!(error instanceof StepError) && !("region" in (error as object))) runLog.error({ step: name, err: error }, "step failed unexpectedly");
      if (retryable && attempt < settings.stepAttempts) {
        const delay = settings.retryDelayMs * 2 ** (attempt - 1);
        runLog.warn({ step: name, attempt: current.attempts, err: message, retryInMs: delay }, "step failed; trying again");
        await lease.write((tx) => tx.runStep.update({ where: { id: stepId }, data: { error: `Attempt ${current.attempts} failed: ${message}. Trying again in ${Math.round(delay / 1000)} s.` } }));
        await sleep(delay, undefined, { signal: lease.signal }).catch(() => undefined);
        continue;
      }
      return waitForAPerson(message, current.attempts);
    }
  }
}

async function finish(lease: RunLease, run: LoadedRun, aborted: boolean, runLog: typeof log): Promise<ExecuteOutcome> {
  const stepOf = (name: StepName) => run.steps.find((s) => s.name === name);
  // Users are served from the target once their DNS answers it (the switch step); a drill switches nothing, so its RTO ends when every pod is ready.
  const ready = (stepOf("switch-traffic") ?? stepOf("start-target"))?.finishedAt;
  const rtoSeconds = !aborted && ready ? seconds(run.createdAt, ready) : null;
  const output = (name: StepName) => (stepOf(name)?.output ?? {}) as Record<string, unknown>;
  const dataPoint = run.kind === "DRILL" ? output("snapshot-volumes").takenAt : run.mode === "FORCED" ? output("export-source").takenAt : output("stop-source").stoppedAt;
  const dataPointAt = !aborted && typeof dataPoint === "string" ? new Date(dataPoint) : null;
  const status = aborted ? "ABORTED" : "SUCCEEDED";
  await lease.write(async (tx) => {
    await tx.failoverRun.update({
      where: { id: run.id },
      data: { status, finishedAt: new Date(), rtoSeconds, dataPointAt, currentStep: null, activeApplicationId: null, leaseOwner: null, leaseUntil: null },
    });
    // A forced run could not stop the region it left; that region is fenced when it answers again.
    if (!aborted && run.mode === "FORCED" && run.kind !== "DRILL") await requireFence(tx, run, servingNamespaceIn(run.application, run.fromRegionId)!);
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
