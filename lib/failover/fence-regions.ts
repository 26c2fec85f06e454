import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Db, Tx } from "@/lib/db/client";
import { UserFacingError } from "@/lib/errors";
import { log } from "@/lib/log";
import { describeAnswer } from "@/lib/platform/global-traffic";
import type { RegionClients } from "@/lib/regions/region-clients";
import { refreshDrStateOf } from "./dr-state";
import { TRAFFIC_ANNOTATION } from "./run-steps";

// Fencing after a forced failover. The forced run could not stop the old region (it did not
// answer), so when that region answers again the application may still run there beside the
// new active copy. The health check (every replica, every interval) fences each region that is
// back: every workload of the namespace to 0 and the namespace marked standby, then the fence is
// closed with an audit event. Until then no run, sync or change of the application starts.

/** Called in the transaction that ends a forced run: the region it left must be fenced before anything else. */
export async function requireFence(tx: Tx, run: { id: string; applicationId: string; fromRegionId: string; fromRegion: { name: string } }, namespace: string) {
  await tx.regionFence.create({ data: { applicationId: run.applicationId, regionId: run.fromRegionId, namespace, runId: run.id } });
  await recordAuditEvent(tx, {
    action: "application.fence_required",
    actor: "system",
    target: { type: "application", id: run.applicationId },
    applicationId: run.applicationId,
    after: { region: run.fromRegion.name, namespace, runId: run.id },
  });
}

const openFencesOf = (db: Pick<Db, "regionFence">, applicationId: string) =>
  db.regionFence.findMany({ where: { applicationId, fencedAt: null }, include: { region: true }, orderBy: { requiredAt: "asc" } });

export interface FenceView {
  region: string;
  namespace: string;
  runId: string;
  requiredAt: string;
  fencedAt: string | null;
  stopped: Array<{ kind: string; name: string; from: number }>;
  lastError: string | null;
}

/** The fence an application needs now, else the last one it had: for its page and the API. */
export async function currentFenceOf(db: Pick<Db, "regionFence">, applicationId: string): Promise<FenceView | null> {
  const fence = await db.regionFence.findFirst({ where: { applicationId }, include: { region: true }, orderBy: [{ fencedAt: { sort: "desc", nulls: "first" } }, { requiredAt: "desc" }] });
  if (!fence) return null;
  return {
    region: fence.region.name,
    namespace: fence.namespace,
    runId: fence.runId,
    requiredAt: fence.requiredAt.toISOString(),
    fencedAt: fence.fencedAt?.toISOString() ?? null,
    stopped: (fence.stopped as FenceView["stopped"] | null) ?? [],
    lastError: fence.lastError,
  };
}

/** Why `what` (a run, a sync, a change) must wait, while a region may still serve the application from before a forced failover; null when none may. */
export async function whyUnfenced(db: Pick<Db, "regionFence">, application: { id: string; name: string }, what: string): Promise<string | null> {
  const [fence] = await openFencesOf(db, application.id);
  if (!fence) return null;
  return (
    `${fence.region.name} may still run ${application.name} in ${fence.namespace} from before the forced run /runs/${fence.runId}, so ${what} has to wait: ` +
    `two regions must not serve the same data. The portal scales it to 0 there as soon as ${fence.region.name} answers${fence.lastError ? ` (last try: ${fence.lastError})` : ""}.`
  );
}

/** Refuses work on an application while a region may still serve it from before a forced failover. */
export async function refuseWhileUnfenced(db: Pick<Db, "regionFence">, application: { id: string; name: string }, what: string) {
  const why = await whyUnfenced(db, application, what);
  if (why) throw new UserFacingError(why);
}

/** Fences every region that must be and answers now; returns how many fences it closed. */
export async function fenceReturnedRegions(db: Db, clients: RegionClients): Promise<number> {
  const open = await db.regionFence.findMany({ where: { fencedAt: null, region: { clusterUp: true } }, include: { region: true, application: { select: { name: true, activeRegion: { select: { name: true } } } } } });
  let closed = 0;
  for (const fence of open) {
    const cluster = clients.cluster(fence.region.name);
    try {
      const stopped: Array<{ kind: string; name: string; from: number }> = [];
      if (await cluster.getNamespace(fence.namespace)) {
        for (const workload of await cluster.listWorkloads(fence.namespace)) {
          if (workload.replicas === 0) continue;
          await cluster.scaleWorkload(fence.namespace, workload.kind, workload.name, 0);
          stopped.push({ kind: workload.kind, name: workload.name, from: workload.replicas });
        }
        await cluster.setNamespaceAnnotations(fence.namespace, { [TRAFFIC_ANNOTATION]: "standby" });
      }
      // Users' DNS names the active region only: a fenced region's router is out of it, whatever an earlier hand put there.
      const active = fence.application.activeRegion?.name;
      let traffic: { globalName: string; resolvesTo: string } | null = null;
      if (clients.traffic && active && active !== fence.region.name) {
        const globalName = clients.traffic.dns.nameOf(fence.application.name);
        await clients.traffic.dns.point(globalName, [clients.traffic.routerOf(active)]);
        traffic = { globalName, resolvesTo: describeAnswer(await clients.traffic.dns.resolve(globalName)) };
      }
      // Every replica's health check may get here at once: one closes the fence and says so.
      const done = await db.$transaction(async (tx) => {
        const updated = await tx.regionFence.updateMany({ where: { id: fence.id, fencedAt: null }, data: { fencedAt: new Date(), stopped, lastError: null, lastTriedAt: new Date() } });
        if (updated.count !== 1) return false;
        await recordAuditEvent(tx, {
          action: "application.fenced",
          actor: "system",
          target: { type: "application", id: fence.applicationId },
          applicationId: fence.applicationId,
          after: { region: fence.region.name, namespace: fence.namespace, stopped, runId: fence.runId, traffic },
        });
        return true;
      });
      if (done) {
        closed++;
        await refreshDrStateOf(db, fence.applicationId);
        log.info({ application: fence.application.name, region: fence.region.name, namespace: fence.namespace, stopped }, "fenced the region a forced run left: its copy of the application is at 0 and standby");
      }
    } catch (error) {
      const message = (error as Error).message;
      log.warn({ application: fence.application.name, region: fence.region.name, err: message }, "could not fence the region yet; trying again at the next health check");
      await db.regionFence.update({ where: { id: fence.id }, data: { lastError: message, lastTriedAt: new Date() } });
    }
  }
  return closed;
}
