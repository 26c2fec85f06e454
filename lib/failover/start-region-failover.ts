import { z } from "zod";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Db } from "@/lib/db/client";
import { NotFoundError, UserFacingError } from "@/lib/errors";
import { drRegionsOf } from "./dr-regions";
import { startRun, type Starter } from "./start-run";

// "Fail over every DR application active in region X": one run per application, started with the
// same checks as the single button, grouped under one RegionFailover for one progress view. The
// runs queue behind each replica's concurrency bound (CONTINUUM_RUN_CONCURRENCY).

export const StartRegionFailoverInput = z.object({
  region: z.string().min(1, "Choose a region.").max(63),
  mode: z.enum(["NORMAL", "FORCED"]).default("NORMAL"),
  reason: z.string().trim().min(10, "Say why in a sentence (at least 10 characters): it goes into the audit log and every run.").max(1000),
  confirmation: z.string().trim(),
});
export type StartRegionFailoverInput = z.infer<typeof StartRegionFailoverInput>;

/** The ready DR applications serving from a region now. */
export async function drApplicationsActiveIn(db: Db, regionId: string) {
  const applications = await db.application.findMany({
    where: { profile: "DR", status: "READY", activeRegionId: regionId },
    include: { namespaces: { include: { region: true } } },
    orderBy: { name: "asc" },
  });
  return applications.flatMap((application) => {
    const regions = drRegionsOf(application);
    return regions ? [{ name: application.name, regions }] : [];
  });
}

export async function startRegionFailover(db: Db, input: StartRegionFailoverInput, actor: Starter) {
  const region = await db.region.findUnique({ where: { name: input.region } });
  if (!region) throw new NotFoundError(`There is no region called ${input.region}.`);
  if (input.confirmation !== region.name) throw new UserFacingError("The name you typed does not match.", { confirmation: [`Type the region's name, ${region.name}, exactly as shown.`] });
  const applications = await drApplicationsActiveIn(db, region.id);
  if (applications.length === 0) throw new UserFacingError(`No ready DR application serves from ${region.name}; there is nothing to fail over.`);

  const regionFailover = await db.regionFailover.create({ data: { regionId: region.id, reason: input.reason, mode: input.mode, startedById: actor.id } });
  const skipped: Array<{ application: string; why: string }> = [];
  const started: string[] = [];
  for (const application of applications) {
    try {
      await startRun(db, { applicationName: application.name, kind: application.regions.nextMove, mode: input.mode, reason: input.reason, confirmation: application.name, freeCapacity: false }, actor, regionFailover.id);
      started.push(application.name);
    } catch (error) {
      if (!(error instanceof UserFacingError)) throw error;
      skipped.push({ application: application.name, why: error.message });
    }
  }
  await db.$transaction(async (tx) => {
    await tx.regionFailover.update({ where: { id: regionFailover.id }, data: { skipped } });
    await recordAuditEvent(tx, {
      action: "region.failover_started",
      actor,
      target: { type: "region", id: region.id },
      after: { region: region.name, mode: input.mode, reason: input.reason, started, skipped },
      requestId: actor.requestId,
    });
  });
  return { regionFailoverId: regionFailover.id, started: started.length, skipped };
}
