import type { Db } from "@/lib/db/client";
import { log } from "@/lib/log";
import { requestDrSync } from "./request-dr-sync";

/** Queues a sync for every ready DR application whose schedule is due; a tick job, once a minute across all replicas. */
export async function scheduleDueDrSyncs(db: Db, now = new Date()) {
  const applications = await db.application.findMany({
    where: { profile: "DR", status: "READY", syncIntervalMinutes: { not: null } },
    select: { id: true, name: true, syncIntervalMinutes: true },
  });
  // The newest sync of each, aggregated in the database: a 15-minute schedule leaves ~100 syncs a
  // day per application behind it.
  const latest = await db.drSync.groupBy({ by: ["applicationId"], where: { applicationId: { in: applications.map((a) => a.id) } }, _max: { createdAt: true } });
  const lastSyncOf = new Map(latest.map((l) => [l.applicationId, l._max.createdAt]));
  const queued: string[] = [];
  for (const application of applications) {
    const last = lastSyncOf.get(application.id);
    if (last && now.getTime() - last.getTime() < application.syncIntervalMinutes! * 60_000) continue;
    const { alreadyPending } = await requestDrSync(db, application.id, "SCHEDULE", "system");
    if (!alreadyPending) queued.push(application.name);
  }
  if (queued.length) log.info({ applications: queued }, "scheduled DR syncs queued");
  return queued;
}
