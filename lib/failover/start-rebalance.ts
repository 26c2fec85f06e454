import { z } from "zod";
import { noControlCharacters } from "@/lib/text/free-text";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { NotFoundError, UserFacingError } from "@/lib/errors";
import { enqueueJob, QUEUES } from "@/lib/jobs/job-queue";
import { probeRegion } from "@/lib/regions/probe-region";
import type { RegionClients } from "@/lib/regions/region-clients";
import type { Starter } from "./start-run";

// The region is back: its multi-site applications get their share there again. Guarded like the
// failover (the region's name typed, a reason), refused while the region does not answer, since
// it would send users back to a dead region. Each application's rebalance is a job of its own
// (lib/failover/rescale-multi-site.ts): the region's replicas started and ready, its router back
// in the name, then the others scaled back to what they ran.

export const StartRebalanceInput = z.object({
  region: z.string().min(1, "Choose a region.").max(63),
  reason: z.string().trim().min(10, "Say why in a sentence (at least 10 characters): it goes into the audit log.").max(1000).refine(...noControlCharacters("reason")),
  // Exactly the name, not trimmed: a stray space is not the name typed in full.
  confirmation: z.string().max(200),
});
export type StartRebalanceInput = z.infer<typeof StartRebalanceInput>;

/** Rescales a rebalance would put back: carried (in full, in part, or stopped with a plan), not yet rebalanced. */
const WAITING_FOR_REBALANCE = { OR: [{ status: { in: ["DONE", "PARTIAL"] } }, { status: "FAILED", plan: { not: { equals: null } } }] } satisfies Prisma.MultiSiteRescaleWhereInput;

/** The rescales a rebalance of this region would put back. */
export const rebalanceableIn = (db: Db, regionId: string) =>
  db.multiSiteRescale.findMany({
    where: { regionFailover: { regionId }, ...WAITING_FOR_REBALANCE },
    include: { application: { select: { name: true } } },
    orderBy: { createdAt: "asc" },
  });

/** How many multi-site applications wait to be rebalanced into each region, for the home page. */
export async function rebalancesWaitingByRegion(db: Db): Promise<Record<string, number>> {
  const rows = await db.multiSiteRescale.findMany({
    where: WAITING_FOR_REBALANCE,
    select: { regionFailover: { select: { region: { select: { name: true } } } } },
  });
  const counts: Record<string, number> = {};
  for (const row of rows) counts[row.regionFailover.region.name] = (counts[row.regionFailover.region.name] ?? 0) + 1;
  return counts;
}

export async function startRebalance(db: Db, clients: RegionClients, input: StartRebalanceInput, actor: Starter) {
  const region = await db.region.findUnique({ where: { name: input.region } });
  if (!region) throw new NotFoundError(`There is no region called ${input.region}.`);
  if (input.confirmation !== region.name) throw new UserFacingError("The name you typed does not match.", { confirmation: [`Type the region's name, ${region.name}, exactly as shown.`] });
  const rescales = await rebalanceableIn(db, region.id);
  if (rescales.length === 0) throw new UserFacingError(`No multi-site application waits to be rebalanced into ${region.name}.`);
  const probe = await probeRegion(clients, region.name);
  if (!probe.cluster.ok) throw new UserFacingError(`${region.name} does not answer yet (${probe.cluster.error}); rebalancing now would send users back to a dead region. Try again once its health shows it up.`);

  await db.$transaction(async (tx) => {
    for (const rescale of rescales) {
      // Conditioned on the status read above: two presses rebalance once.
      const { count } = await tx.multiSiteRescale.updateMany({ where: { id: rescale.id, status: rescale.status }, data: { status: "REBALANCING", rebalanceAskedAt: new Date(), error: null } });
      if (count === 1) await enqueueJob(tx, QUEUES.multiSiteRescale, { rescaleId: rescale.id });
    }
    await recordAuditEvent(tx, {
      action: "region.rebalance_started",
      actor,
      target: { type: "region", id: region.id },
      after: { region: region.name, reason: input.reason, applications: rescales.map((r) => r.application.name) },
      requestId: actor.requestId,
    });
  });
  return { applications: rescales.length };
}
