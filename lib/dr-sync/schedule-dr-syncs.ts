import type { Db } from "@/lib/db/client";
import { log } from "@/lib/log";
import { requestDrSync } from "./request-dr-sync";

/** Queues a sync for every ready DR application whose schedule is due; run every minute on every replica. */
export async function scheduleDueDrSyncs(db: Db, now = new Date()) {
  const applications = await db.application.findMany({
    where: { profile: "DR", status: "READY", syncIntervalMinutes: { not: null } },
    select: { id: true, name: true, syncIntervalMinutes: true, drSyncs: { orderBy: { createdAt: "desc" }, take: 1, select: { createdAt: true } } },
  });
  const queued: string[] = [];
  for (const application of applications) {
    const last = application.drSyncs[0]?.createdAt;
    if (last && now.getTime() - last.getTime() < application.syncIntervalMinutes! * 60_000) continue;
    const { alreadyPending } = await requestDrSync(db, application.id, "SCHEDULE", "system");
    if (!alreadyPending) queued.push(application.name);
  }
  if (queued.length) log.info({ applications: queued }, "scheduled DR syncs queued");
  return queued;
}

/** Every replica checks the schedules; requestDrSync's lock makes one sync of it. */
export function startDrSyncSchedule(db: Db, intervalMs = 60_000) {
  const timer = setInterval(() => void scheduleDueDrSyncs(db).catch((error) => log.error({ err: error }, "scheduling DR syncs failed")), intervalMs);
  timer.unref();
  return async () => clearInterval(timer);
}
