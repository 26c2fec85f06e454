import { z } from "zod";
import { wakeRunSupervisors } from "./run-wakeup";
import { noControlCharacters } from "@/lib/text/free-text";
import { recordAuditEvent, type AuditActor } from "@/lib/audit/record-audit-event";
import type { Db } from "@/lib/db/client";
import { NotFoundError, UserFacingError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { drRegionsOf } from "./dr-regions";
import { refreshDrStateOf } from "./dr-state";
import { refuseWhileUnfenced } from "./fence-regions";
import { RUN_KIND_LABEL } from "./run-kind";
import { stepsOf } from "./step-registry";

// Starting a failover, failback or drill: the guard's checks, then one insert. "One active run
// per application" is the unique index on activeApplicationId, so a double click or two
// engineers at once start exactly one run and the other is told which run is going.

export const StartRunInput = z.object({
  applicationName: z.string().min(1, "Choose an application.").max(63),
  kind: z.enum(["FAILOVER", "FAILBACK", "DRILL"]),
  mode: z.enum(["NORMAL", "FORCED"]).default("NORMAL"),
  reason: z.string().trim().min(10, "Say why in a sentence (at least 10 characters): it goes into the audit log and the run.").max(1000).refine(...noControlCharacters("reason")),
  // Exactly the name, not trimmed: a stray space is not the name typed in full.
  confirmation: z.string().max(200),
  freeCapacity: z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean()).default(false),
});
export type StartRunInput = z.infer<typeof StartRunInput>;

export type Starter = AuditActor & { requestId?: string };

export async function activeRunOf(db: Pick<Db, "failoverRun">, applicationId: string) {
  return db.failoverRun.findUnique({ where: { activeApplicationId: applicationId }, include: { startedBy: { select: { email: true } } } });
}

export async function startRun(db: Db, input: StartRunInput, actor: Starter, regionFailoverId?: string): Promise<{ runId: string }> {
  const application = await db.application.findUnique({ where: { name: input.applicationName }, include: { namespaces: { include: { region: true } } } });
  if (!application) throw new NotFoundError(`There is no application called ${input.applicationName}.`);
  if (input.confirmation !== application.name) {
    throw new UserFacingError("The name you typed does not match.", { confirmation: [`Type the application's name, ${application.name}, exactly as shown.`] });
  }
  if (application.profile !== "DR") throw new UserFacingError(`${application.name} is not a DR application; only DR applications fail over, fail back and run drills.`);
  if (application.status === "RETIRING" || application.status === "RETIRED") throw new UserFacingError(`${application.name} is ${application.status.toLowerCase()}: it no longer fails over.`);
  if (application.status !== "READY") throw new UserFacingError(`${application.name} is ${application.status.toLowerCase()}, not ready; finish its provisioning first.`);
  const regions = drRegionsOf(application);
  if (!regions) throw new UserFacingError(`${application.name} has no production and DR namespace pair; repair its pairing first.`);
  if (input.kind === "FAILOVER" && regions.nextMove !== "FAILOVER") {
    throw new UserFacingError(`${application.name} already runs in its DR region, ${regions.dr.name}. Fail it back to ${regions.primary.name} instead.`);
  }
  if (input.kind === "FAILBACK" && regions.nextMove !== "FAILBACK") {
    throw new UserFacingError(`${application.name} already runs in its primary region, ${regions.primary.name}; there is nothing to fail back.`);
  }
  if (input.kind === "DRILL" && input.mode === "FORCED") throw new UserFacingError("A drill never forces: it needs the active region to copy from.");
  await refuseWhileUnfenced(db, application, `a ${RUN_KIND_LABEL[input.kind].toLowerCase()}`);

  try {
    const started = await db.$transaction(async (tx) => {
      const run = await tx.failoverRun.create({
        data: {
          kind: input.kind,
          mode: input.mode,
          reason: input.reason,
          options: { freeCapacity: input.freeCapacity },
          applicationId: application.id,
          activeApplicationId: application.id,
          fromRegionId: regions.active.id,
          toRegionId: regions.standby.id,
          startedById: actor.id,
          regionFailoverId,
          steps: { create: stepsOf(input.kind).map((name, position) => ({ name, position })) },
        },
      });
      await recordAuditEvent(tx, {
        action: "run.started",
        actor,
        target: { type: "run", id: run.id },
        applicationId: application.id,
        after: { kind: input.kind, mode: input.mode, from: regions.active.name, to: regions.standby.name, reason: input.reason, freeCapacity: input.freeCapacity },
        requestId: actor.requestId,
      });
      await wakeRunSupervisors(tx, run.id);
      return { runId: run.id };
    });
    await refreshDrStateOf(db, application.id);
    return started;
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const active = await activeRunOf(db, application.id);
      const what = active ? `${RUN_KIND_LABEL[active.kind].toLowerCase()} started by ${active.startedBy.email} (${active.status === "WAITING" ? "stopped at a failed step, waiting for someone to retry or abort it" : "in progress"})` : "run";
      throw new UserFacingError(`${application.name} already has an active ${what}. Follow that run at /runs/${active?.id ?? ""}; a new one can start when it has finished or been aborted.`);
    }
    throw error;
  }
}
