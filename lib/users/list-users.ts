import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Role } from "@/lib/generated/prisma/enums";
import { fetchPage, type PageQuery } from "@/lib/lists/page-query";
import { sortKey, type ListOrder, type SortDirection } from "@/lib/lists/seek";

export const USER_SORTS = ["name", "email", "role"] as const;
export type UserSort = (typeof USER_SORTS)[number];

// E-mail addresses are unique: ties broken by them.
const byEmail = sortKey("email", "asc", "string");
const USER_ORDER: Record<UserSort, (dir: SortDirection) => ListOrder> = {
  name: (dir) => [sortKey("name", dir, "string"), byEmail],
  email: (dir) => [sortKey("email", dir, "string")],
  role: (dir) => [sortKey("role", dir, "enum"), byEmail],
};

/** A page of users, searched by name, e-mail or group. */
export async function listUsers(database: Db, query: PageQuery<UserSort>, filters: { role?: Role } = {}) {
  const where: Prisma.UserWhereInput = {
    ...(filters.role ? { role: filters.role } : {}),
    ...(query.q ? { OR: [{ name: { contains: query.q, mode: "insensitive" } }, { email: { contains: query.q, mode: "insensitive" } }, { groups: { has: query.q } }] } : {}),
  };
  return fetchPage(
    query,
    USER_ORDER[query.sort](query.dir),
    ({ seek, orderBy, skip, take }) => database.user.findMany({ where: { AND: [where, seek] }, orderBy, skip, take }),
    (atMost) => database.user.count({ where, take: atMost }),
  );
}

export async function listDemoUsers(database: Db) {
  return database.user.findMany({ where: { demo: true }, orderBy: { role: "asc" }, select: { id: true, name: true, email: true, role: true } });
}
