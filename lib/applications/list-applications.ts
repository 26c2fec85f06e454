import type { Db } from "@/lib/db/client";
import { can } from "@/lib/auth/roles";
import type { CurrentUser } from "@/lib/auth/session";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Profile } from "@/lib/generated/prisma/enums";
import { z } from "zod";
import { UserFacingError } from "@/lib/errors";
import { decodeCursor, keysetPage, type KeysetQuery } from "@/lib/lists/keyset";
import { fetchPage, type PageQuery } from "@/lib/lists/page-query";
import { sortKey, type ListOrder, type SortDirection } from "@/lib/lists/seek";

export const APPLICATION_SORTS = ["name", "profile", "region", "status", "created"] as const;
export type ApplicationSort = (typeof APPLICATION_SORTS)[number];

// Names are unique: ties broken by name.
const byName = sortKey("name", "asc", "string");
const APPLICATION_ORDER: Record<ApplicationSort, (dir: SortDirection) => ListOrder> = {
  name: (dir) => [sortKey("name", dir, "string")],
  profile: (dir) => [sortKey("profile", dir, "enum"), byName],
  // Multi-site applications have no active region, and an absent relation sorts as the database
  // puts nulls (first one way, last the other): these pages are counted to, not sought.
  region: (dir) => [sortKey("activeRegion.name", dir, "string", { seek: false }), byName],
  status: (dir) => [sortKey("status", dir, "enum"), byName],
  created: (dir) => [sortKey("createdAt", dir, "date"), byName],
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
  return fetchPage(
    query,
    APPLICATION_ORDER[query.sort](query.dir),
    ({ seek, orderBy, skip, take }) => database.application.findMany({ where: { AND: [where, seek] }, include: { activeRegion: true }, orderBy, skip, take }),
    (atMost) => database.application.count({ where, take: atMost }),
  );
}

const AfterName = z.object({ name: z.string() });

/**
 * The applications the viewer may see, by name, `limit` at a time after a cursor (the API's
 * list): a seek on the name's unique index, and only the fields the answer carries.
 */
export async function listApplicationsAfter(database: Db, viewer: Pick<CurrentUser, "id" | "role">, query: KeysetQuery) {
  const after = query.cursor === undefined ? null : decodeCursor(query.cursor, AfterName);
  if (query.cursor !== undefined && !after) throw new UserFacingError("That cursor is not one this list gave; start again without it.", { cursor: ["Use the nextCursor of the previous answer, as it was."] });
  const rows = await database.application.findMany({
    where: { ...(can(viewer.role, "application:read-all") ? {} : { ownerId: viewer.id }), ...(after ? { name: { gt: after.name } } : {}) },
    select: { name: true, profile: true, status: true, costCenter: true, activeRegion: { select: { name: true } } },
    orderBy: { name: "asc" },
    take: query.limit + 1,
  });
  return keysetPage(rows, query.limit, (last) => ({ name: last.name }));
}
