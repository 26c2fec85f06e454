import { can } from "@/lib/auth/roles";
import type { CurrentUser } from "@/lib/auth/session";
import type { Db } from "@/lib/db/client";

/** One application by name, or null when it does not exist or the viewer may not see it. */
export async function getApplicationFor(database: Db, name: string, viewer: Pick<CurrentUser, "id" | "role">) {
  const application = await database.application.findUnique({
    where: { name },
    include: {
      activeRegion: true,
      securityBlock: true,
      owner: { select: { name: true, email: true } },
      namespaces: { include: { region: true }, orderBy: [{ name: "asc" }] },
      orders: { orderBy: { createdAt: "desc" }, select: { id: true, status: true, createdAt: true, kind: true } },
    },
  });
  if (!application) return null;
  if (application.ownerId !== viewer.id && !can(viewer.role, "application:read-all")) return null;
  return application;
}
