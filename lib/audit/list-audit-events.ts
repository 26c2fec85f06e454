import { z } from "zod";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";

// The audit log as approvers and admins search it. Filters come from the address bar, so a
// filtered view can be bookmarked or pasted into an incident ticket; anything malformed there is
// ignored rather than shown as an error.

export const AuditFilters = z.object({
  actor: z.string().trim().max(200).optional().catch(undefined),
  application: z.string().trim().max(63).optional().catch(undefined),
  action: z.string().trim().max(80).optional().catch(undefined),
  from: z.iso.date().optional().catch(undefined),
  to: z.iso.date().optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
});
export type AuditFilters = z.infer<typeof AuditFilters>;

export const AUDIT_PAGE_SIZE = 50;

export function auditWhere(filters: AuditFilters): Prisma.AuditEventWhereInput {
  return {
    ...(filters.actor ? { actorLabel: { contains: filters.actor, mode: "insensitive" } } : {}),
    ...(filters.application ? { application: { name: filters.application } } : {}),
    // "run." finds every run event; "run.step_failed" exactly that one.
    ...(filters.action ? { action: { startsWith: filters.action } } : {}),
    ...(filters.from || filters.to
      ? { at: { ...(filters.from ? { gte: new Date(`${filters.from}T00:00:00Z`) } : {}), ...(filters.to ? { lt: new Date(Date.parse(`${filters.to}T00:00:00Z`) + 86_400_000) } : {}) } }
      : {}),
  };
}

export async function listAuditEvents(db: Db, filters: AuditFilters) {
  const where = auditWhere(filters);
  const page = filters.page ?? 1;
  const [events, total] = await Promise.all([
    db.auditEvent.findMany({ where, orderBy: [{ at: "desc" }, { id: "desc" }], skip: (page - 1) * AUDIT_PAGE_SIZE, take: AUDIT_PAGE_SIZE, include: { application: { select: { name: true } } } }),
    db.auditEvent.count({ where }),
  ]);
  return { events, total, page, pages: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)) };
}
