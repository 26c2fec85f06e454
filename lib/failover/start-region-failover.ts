import { z } from "zod";
import { noControlCharacters } from "@/lib/text/free-text";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Db } from "@/lib/db/client";
import { NotFoundError, UserFacingError } from "@/lib/errors";
import { enqueueJob, QUEUES } from "@/lib/jobs/job-queue";
import { drRegionsOf, servingNamespaceIn } from "./dr-regions";
import { startRun, type Starter } from "./start-run";

// "Fail over region X": one run per DR application active there, started with the same checks as
// the single button; a re-scale job per multi-site application with production there (its other
// regions carry the share, lib/failover/rescale-multi-site.ts); the single-site applications there
// listed as down. All grouped under one RegionFailover for one progress view. The runs queue
// behind each replica's concurrency bound (CONTINUUM_RUN_CONCURRENCY).

export const StartRegionFailoverInput = z.object({
  region: z.string().min(1, "Choose a region.").max(63),
  mode: z.enum(["NORMAL", "FORCED"]).default("NORMAL"),
  reason: z.string().trim().min(10, "Say why in a sentence (at least 10 characters): it goes into the audit log and every run.").max(1000).refine(...noControlCharacters("reason")),
  // Exactly the name, not trimmed: a stray space is not the name typed in full.
  confirmation: z.string().max(200),
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
    const activeNamespace = regions && servingNamespaceIn(application, regions.active.id);
    const standbyNamespace = regions && servingNamespaceIn(application, regions.standby.id);
    return regions && activeNamespace && standbyNamespace ? [{ id: application.id, name: application.name, regions, activeNamespace, standbyNamespace, pairing: { state: application.pairingState, checkedAt: application.pairingCheckedAt } }] : [];
  });
}

/** The ready multi-site applications with production in a region (and at least one other region to carry it). */
export async function multiSiteApplicationsIn(db: Db, regionId: string) {
  const applications = await db.application.findMany({
    where: { profile: "MULTI_SITE", status: "READY", namespaces: { some: { regionId, role: "PROD", status: "CREATED" } } },
    include: { namespaces: { where: { role: "PROD", status: "CREATED" }, include: { region: true } } },
    orderBy: { name: "asc" },
  });
  return applications
    .map((a) => ({
      id: a.id,
      name: a.name,
      others: a.namespaces.filter((n) => n.regionId !== regionId).map((n) => n.region.name).sort(),
      namespaces: a.namespaces.map((n) => ({ region: n.region.name, namespace: n.name })),
    }))
    .filter((a) => a.others.length > 0);
}

/** The ready single-site applications in a region: down with it, with no other region to go to. */
export async function singleSiteApplicationsIn(db: Db, regionId: string) {
  const applications = await db.application.findMany({
    where: { profile: "SINGLE_SITE", status: "READY", namespaces: { some: { regionId, status: "CREATED" } } },
    include: { namespaces: { where: { regionId, status: "CREATED" }, orderBy: { name: "asc" } } },
    orderBy: { name: "asc" },
  });
  return applications.map((a) => ({ application: a.name, namespaces: a.namespaces.map((n) => n.name) }));
}

/** Multi-site applications whose other regions carry this region's share now (not rebalanced yet), with since when. */
export async function activeRescalesOf(db: Db, regionId: string) {
  const rows = await db.multiSiteRescale.findMany({ where: { regionFailover: { regionId }, status: { not: "REBALANCED" } }, select: { applicationId: true, createdAt: true } });
  return new Map(rows.map((r) => [r.applicationId, r.createdAt]));
}

export async function startRegionFailover(db: Db, input: StartRegionFailoverInput, actor: Starter) {
  const region = await db.region.findUnique({ where: { name: input.region } });
  if (!region) throw new NotFoundError(`There is no region called ${input.region}.`);
  if (input.confirmation !== region.name) throw new UserFacingError("The name you typed does not match.", { confirmation: [`Type the region's name, ${region.name}, exactly as shown.`] });
  const [applications, inRegion, down, carried] = await Promise.all([
    drApplicationsActiveIn(db, region.id),
    multiSiteApplicationsIn(db, region.id),
    singleSiteApplicationsIn(db, region.id),
    activeRescalesOf(db, region.id),
  ]);
  // Carried once per loss: a second press must not add the region's share again.
  const multiSite = inRegion.filter((a) => !carried.has(a.id));
  const skipped: Array<{ application: string; why: string }> = inRegion
    .filter((a) => carried.has(a.id))
    .map((a) => ({ application: a.name, why: `Its other regions already carry ${region.name}'s share (since ${carried.get(a.id)!.toISOString()}); rebalance when ${region.name} is back.` }));
  if (applications.length === 0 && multiSite.length === 0) {
    throw new UserFacingError(
      inRegion.length ? `Nothing left to fail over in ${region.name}: its multi-site applications are already carried by their other regions; rebalance when it is back.` : `No ready DR or multi-site application serves from ${region.name}; there is nothing to fail over.`,
    );
  }

  // The multi-site part is queued with the row that asks for it: a job per application, on any replica.
  const regionFailover = await db.$transaction(async (tx) => {
    const created = await tx.regionFailover.create({ data: { regionId: region.id, reason: input.reason, mode: input.mode, startedById: actor.id, down } });
    for (const application of multiSite) {
      const rescale = await tx.multiSiteRescale.create({ data: { regionFailoverId: created.id, applicationId: application.id } });
      await enqueueJob(tx, QUEUES.multiSiteRescale, { rescaleId: rescale.id });
    }
    return created;
  });
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
      after: { region: region.name, mode: input.mode, reason: input.reason, started, skipped, rescaled: multiSite.map((a) => a.name), down: down.map((d) => d.application) },
      requestId: actor.requestId,
    });
  });
  return { regionFailoverId: regionFailover.id, started: started.length, skipped, rescaled: multiSite.length, down: down.length };
}
