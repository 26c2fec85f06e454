import type { Db } from "@/lib/db/client";
import { can } from "@/lib/auth/roles";
import type { CurrentUser } from "@/lib/auth/session";

/** Owners see their own applications; the platform team and on-call see all of them. */
export async function listApplications(database: Db, viewer: Pick<CurrentUser, "id" | "role">) {
  return database.application.findMany({
    where: can(viewer.role, "application:read-all") ? {} : { ownerId: viewer.id },
    include: { activeRegion: true },
    orderBy: { name: "asc" },
  });
}
