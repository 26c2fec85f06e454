import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Db } from "@/lib/db/client";
import { log } from "@/lib/log";
import type { RegionClients } from "@/lib/regions/region-clients";
import { driftOf } from "./dr-namespaces";
import { runningWorkloads } from "./sync-plan";
import { whyUnfenced } from "@/lib/failover/fence-regions";

/**
 * Executes a queued DR sync: reads both namespaces, applies to the passive one what differs
 * (workloads at 0 replicas, claims not bound), removes what the active one no longer has, and
 * records what it did. It only reads the active region. It refuses, changing nothing, while a
 * failover runs or when workloads run in the namespace that should be passive (it may be serving).
 */
export async function runDrSync(db: Db, clients: RegionClients, syncId: string) {
  const sync = await db.drSync.findUniqueOrThrow({ where: { id: syncId } });
  if (sync.status === "SUCCEEDED" || sync.status === "FAILED") return sync;
  await db.drSync.update({ where: { id: syncId }, data: { status: "RUNNING", startedAt: sync.startedAt ?? new Date() } });
  try {
    const activeRun = await db.failoverRun.findFirst({ where: { activeApplicationId: sync.applicationId } });
    if (activeRun) throw new SyncRefused(`a ${activeRun.kind.toLowerCase()} of this application is in progress (/runs/${activeRun.id}); sync again when it has finished`);
    const unfenced = await whyUnfenced(db, { id: sync.applicationId, name: "the application" }, "a DR sync");
    if (unfenced) throw new SyncRefused(unfenced);
    const { application, active, passive, exports, apply, remove, drift, skipped } = await driftOf(db, clients, sync.applicationId);
    const running = runningWorkloads(exports.passive);
    if (running.length > 0) {
      throw new SyncRefused(`workloads run in ${passive.namespace} in ${passive.region}, which should be passive: ${running.join(", ")}. Is ${passive.region} serving? The portal believes ${active.region} does. Nothing was changed.`);
    }
    const cluster = clients.cluster(passive.region);
    for (const object of apply) await cluster.applyObject(object);
    for (const ref of [...remove].reverse()) await cluster.deleteObject({ ...ref, namespace: passive.namespace });
    const finished = await db.$transaction(async (tx) => {
      const done = await tx.drSync.update({
        where: { id: syncId },
        data: { status: "SUCCEEDED", finishedAt: new Date(), fromRegion: active.region, toRegion: passive.region, changes: JSON.parse(JSON.stringify(drift)), skipped: JSON.parse(JSON.stringify(skipped)), error: null },
      });
      await recordAuditEvent(tx, { action: "application.dr_synced", actor: "system", target: { type: "dr-sync", id: syncId }, applicationId: application.id, after: { from: `${active.region}/${active.namespace}`, to: `${passive.region}/${passive.namespace}`, changes: drift.length, skipped: skipped.length } });
      return done;
    });
    log.info({ application: application.name, syncId, changes: drift.length, skipped: skipped.length }, "DR sync done");
    return finished;
  } catch (error) {
    const message = error instanceof SyncRefused ? `Not synced: ${error.message}` : `Sync stopped: ${(error as Error).message}. What was applied stays; syncing again finishes the job.`;
    log.warn({ syncId, err: (error as Error).message }, "DR sync failed");
    return db.$transaction(async (tx) => {
      const failed = await tx.drSync.update({ where: { id: syncId }, data: { status: "FAILED", finishedAt: new Date(), error: message } });
      await recordAuditEvent(tx, { action: "application.dr_sync_failed", actor: "system", target: { type: "dr-sync", id: syncId }, applicationId: sync.applicationId, after: { error: message } });
      return failed;
    });
  }
}

class SyncRefused extends Error {}
