import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Role } from "@/lib/generated/prisma/enums";
import { fetchPage, type PageQuery, type SortDirection } from "@/lib/lists/page-query";

export const USER_SORTS = ["name", "email", "role"] as const;
export type UserSort = (typeof USER_SORTS)[number];

const USER_ORDER_BY: Record<UserSort, (dir: SortDirection) => Prisma.UserOrderByWithRelationInput> = {
  name: (dir) => ({ name: dir }),
  email: (dir) => ({ email: dir }),
  role: (dir) => ({ role: dir }),
};

/** A page of users, searched by name, e-mail or group. */
export async function listUsers(database: Db, query: PageQuery<UserSort>, filters: { role?: Role } = {}) {
  const where: Prisma.UserWhereInput = {
    ...(filters.role ? { role: filters.role } : {}),
    ...(query.q ? { OR: [{ name: { contains: query.q, mode: "insensitive" } }, { email: { contains: query.q, mode: "insensitive" } }, { groups: { has: query.q } }] } : {}),
  };
  return fetchPage(
    query,
    (skip, take) => database.user.findMany({ where, orderBy: [USER_ORDER_BY[query.sort](query.dir), { email: "asc" }], skip, take }),
    (atMost) => database.user.count({ where, take: atMost }),
  );
}

export async function listDemoUsers(database: Db) {
  return database.user.findMany({ where: { demo: true }, orderBy: { role: "asc" }, select: { id: true, name: true, email: true, role: true } });
}
