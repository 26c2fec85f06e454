import type { Db } from "@/lib/db/client";
import { can } from "@/lib/auth/roles";
import type { CurrentUser } from "@/lib/auth/session";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Profile } from "@/lib/generated/prisma/enums";
import { fetchPage, type PageQuery, type SortDirection } from "@/lib/lists/page-query";

export const APPLICATION_SORTS = ["name", "profile", "region", "status", "created"] as const;
export type ApplicationSort = (typeof APPLICATION_SORTS)[number];

const APPLICATION_ORDER_BY: Record<ApplicationSort, (dir: SortDirection) => Prisma.ApplicationOrderByWithRelationInput> = {
  name: (dir) => ({ name: dir }),
  profile: (dir) => ({ profile: dir }),
  region: (dir) => ({ activeRegion: { name: dir } }),
  status: (dir) => ({ status: dir }),
  created: (dir) => ({ createdAt: dir }),
};

/**
 * A page of applications. Owners see their own; the platform team and on-call see all of them,
 * searched by name, cost center or owner group.
 */
export async function listApplications(database: Db, viewer: Pick<CurrentUser, "id" | "role">, query: PageQuery<ApplicationSort>, filters: { profile?: Profile } = {}) {
  const where: Prisma.ApplicationWhereInput = {
    ...(can(viewer.role, "application:read-all") ? {} : { ownerId: viewer.id }),
    ...(filters.profile ? { profile: filters.profile } : {}),
    ...(query.q ? { OR: [{ name: { contains: query.q, mode: "insensitive" } }, { costCenter: { contains: query.q, mode: "insensitive" } }, { ownerGroup: { contains: query.q, mode: "insensitive" } }] } : {}),
  };
  const orderBy = [APPLICATION_ORDER_BY[query.sort](query.dir), { name: "asc" as const }];
  return fetchPage(
    query,
    (skip, take) => database.application.findMany({ where, include: { activeRegion: true }, orderBy, skip, take }),
    () => database.application.count({ where }),
  );
}
