import type { CurrentUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/roles";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { OrderStatus, Profile } from "@/lib/generated/prisma/enums";

/** An order with its regions in order and the people on it: what pages, events and decisions read. */
export const ORDER_DETAILS = {
  regions: { include: { region: true }, orderBy: { position: "asc" } },
  requester: { select: { id: true, name: true, email: true } },
  decidedBy: { select: { id: true, name: true, email: true } },
} satisfies Prisma.OrderInclude;

export type OrderWithRegions = Prisma.OrderGetPayload<{ include: typeof ORDER_DETAILS }>;

/** The orders a user placed, newest first. */
export function listOrdersOf(database: Db, userId: string) {
  return database.order.findMany({ where: { requesterId: userId }, include: ORDER_DETAILS, orderBy: { createdAt: "desc" } });
}

export interface QueueFilters {
  profile?: Profile;
  region?: string;
  costCenter?: string;
  /** Only orders waiting at least this many days. */
  minAgeDays?: number;
  status?: OrderStatus;
}

/** The approvals queue: submitted orders, oldest first (they have waited longest), filtered. */
export function listApprovalQueue(database: Db, filters: QueueFilters = {}) {
  const where: Prisma.OrderWhereInput = { status: filters.status ?? "SUBMITTED" };
  if (filters.profile) where.profile = filters.profile;
  if (filters.region) where.regions = { some: { region: { name: filters.region } } };
  if (filters.costCenter) where.costCenter = { contains: filters.costCenter, mode: "insensitive" };
  if (filters.minAgeDays) where.createdAt = { lte: new Date(Date.now() - filters.minAgeDays * 86_400_000) };
  return database.order.findMany({ where, include: ORDER_DETAILS, orderBy: { createdAt: filters.status && filters.status !== "SUBMITTED" ? "desc" : "asc" }, take: 200 });
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
