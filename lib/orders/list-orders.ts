import type { CurrentUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/roles";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { OrderStatus, Profile } from "@/lib/generated/prisma/enums";
import { z } from "zod";
import { UserFacingError } from "@/lib/errors";
import { decodeCursor, keysetPage, type KeysetQuery } from "@/lib/lists/keyset";
import { fetchPage, type PageQuery, type Paged } from "@/lib/lists/page-query";
import { sortKey, type ListOrder, type SortDirection } from "@/lib/lists/seek";

/** An order with its regions in order and the people on it: what pages, events and decisions read. */
export const ORDER_DETAILS = {
  regions: { include: { region: true }, orderBy: { position: "asc" } },
  requester: { select: { id: true, name: true, email: true } },
  decidedBy: { select: { id: true, name: true, email: true } },
} satisfies Prisma.OrderInclude;

export type OrderWithRegions = Prisma.OrderGetPayload<{ include: typeof ORDER_DETAILS }>;

export interface OrderFilters {
  /** Only this user's orders ("My orders"). */
  requesterId?: string;
  profile?: Profile;
  region?: string;
  costCenter?: string;
  /** Only orders waiting at least this many days. */
  minAgeDays?: number;
  /** Without a requester, the approvals queue: submitted orders unless another status is asked for. */
  status?: OrderStatus;
}

export const ORDER_SORTS = ["created", "application", "costCenter", "estimate", "status"] as const;
export type OrderSort = (typeof ORDER_SORTS)[number];

// Ties broken by age, oldest first, so the order that waited longest comes first among equals.
const oldestFirst = [sortKey("createdAt", "asc", "date"), sortKey("id", "asc", "string")];
const ORDER_ORDER: Record<OrderSort, (dir: SortDirection) => ListOrder> = {
  created: (dir) => [sortKey("createdAt", dir, "date"), sortKey("id", "asc", "string")],
  application: (dir) => [sortKey("applicationName", dir, "string"), ...oldestFirst],
  costCenter: (dir) => [sortKey("costCenter", dir, "string"), ...oldestFirst],
  estimate: (dir) => [sortKey("estimatedMonthlyCost", dir, "number"), ...oldestFirst],
  status: (dir) => [sortKey("status", dir, "enum"), ...oldestFirst],
};

export function orderWhere(filters: OrderFilters, q?: string): Prisma.OrderWhereInput {
  const where: Prisma.OrderWhereInput = {};
  if (filters.requesterId) where.requesterId = filters.requesterId;
  if (filters.status || !filters.requesterId) where.status = filters.status ?? "SUBMITTED";
  if (filters.profile) where.profile = filters.profile;
  if (filters.region) where.regions = { some: { region: { name: filters.region } } };
  if (filters.costCenter) where.costCenter = { contains: filters.costCenter, mode: "insensitive" };
  if (filters.minAgeDays) where.createdAt = { lte: new Date(Date.now() - filters.minAgeDays * 86_400_000) };
  if (q) where.OR = [{ applicationName: { contains: q, mode: "insensitive" } }, { costCenter: { contains: q, mode: "insensitive" } }, { requester: { name: { contains: q, mode: "insensitive" } } }];
  return where;
}

/**
 * A page of orders: a user's own ("My orders") or the approvals queue, filtered, searched by
 * application, cost center or requester, and sorted (ties broken by age, oldest first, so the
 * order that waited longest comes first among equals).
 */
export function listOrders(database: Db, filters: OrderFilters, query: PageQuery<OrderSort>): Promise<Paged<OrderWithRegions>> {
  const where = orderWhere(filters, query.q);
  return fetchPage(
    query,
    ORDER_ORDER[query.sort](query.dir),
    ({ seek, orderBy, skip, take }) => database.order.findMany({ where: { AND: [where, seek] }, include: ORDER_DETAILS, orderBy, skip, take }),
    (atMost) => database.order.count({ where, take: atMost }),
  );
}

const AfterOrder = z.object({ at: z.iso.datetime(), id: z.string() });

/**
 * Orders `limit` at a time after a cursor (the API's list): the approvals queue oldest first, or a
 * requester's own newest first, seeking on (createdAt, id) and reading only the answer's fields.
 */
export async function listOrdersAfter(database: Db, filters: Pick<OrderFilters, "requesterId">, dir: SortDirection, query: KeysetQuery) {
  const after = query.cursor === undefined ? null : decodeCursor(query.cursor, AfterOrder);
  if (query.cursor !== undefined && !after) throw new UserFacingError("That cursor is not one this list gave; start again without it.", { cursor: ["Use the nextCursor of the previous answer, as it was."] });
  const past = dir === "asc" ? "gt" : "lt";
  const seek: Prisma.OrderWhereInput = after ? { OR: [{ createdAt: { [past]: new Date(after.at) } }, { createdAt: new Date(after.at), id: { [past]: after.id } }] } : {};
  const rows = await database.order.findMany({
    where: { AND: [orderWhere(filters), seek] },
    select: { id: true, kind: true, applicationName: true, profile: true, status: true, costCenter: true, createdAt: true },
    orderBy: [{ createdAt: dir }, { id: dir }],
    take: query.limit + 1,
  });
  return keysetPage(rows, query.limit, (last) => ({ at: last.createdAt.toISOString(), id: last.id }));
}

/** One order, or null when it does not exist or the viewer may not see it (owners see their own). */
export async function getOrderFor(database: Db, orderId: string, viewer: Pick<CurrentUser, "id" | "role">) {
  const order = await database.order.findUnique({ where: { id: orderId }, include: ORDER_DETAILS });
  if (!order) return null;
  if (order.requesterId !== viewer.id && !can(viewer.role, "order:decide") && !can(viewer.role, "application:read-all")) return null;
  return order;
}

/** The order's history: its audit events, oldest first. */
export function orderHistory(database: Db, orderId: string) {
  return database.auditEvent.findMany({ where: { targetType: "order", targetId: orderId }, orderBy: { at: "asc" } });
}

/** Decisions on the user's orders in the last two weeks, for their home page. */
export function recentDecisionsFor(database: Db, userId: string, days = 14) {
  return database.order.findMany({
    where: { requesterId: userId, decidedAt: { gte: new Date(Date.now() - days * 86_400_000) }, status: { in: ["APPROVED", "REJECTED", "PROVISIONING", "READY", "FAILED"] } },
    include: ORDER_DETAILS,
    orderBy: { decidedAt: "desc" },
    take: 10,
  });
}
