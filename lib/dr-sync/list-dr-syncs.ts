import type { Db } from "@/lib/db/client";

// An application's DR syncs as its pages show them: the history, newest first, and the last one
// that finished (succeeded or failed), which the application page names.

export async function listDrSyncs(db: Db, applicationId: string, take = 20) {
  return db.drSync.findMany({ where: { applicationId }, orderBy: { createdAt: "desc" }, take, include: { requestedBy: { select: { email: true } } } });
}

export async function lastFinishedDrSync(db: Db, applicationId: string) {
  return db.drSync.findFirst({ where: { applicationId, status: { in: ["SUCCEEDED", "FAILED"] } }, orderBy: { createdAt: "desc" } });
}
