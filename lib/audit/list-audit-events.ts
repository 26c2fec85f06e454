import { z } from "zod";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { fetchPage, pageQuery, type PageQuery } from "@/lib/lists/page-query";
import { orderByOf, seekWhere, sortKey } from "@/lib/lists/seek";

// The audit log as approvers and admins search it. Filters come from the address bar, so a
// filtered view can be bookmarked or pasted into an incident ticket; anything malformed there is
// ignored rather than shown as an error.

export const AuditFilters = z.object({
  actor: z.string().trim().max(200).optional().catch(undefined),
  application: z.string().trim().max(63).optional().catch(undefined),
  action: z.string().trim().max(80).optional().catch(undefined),
  from: z.iso.date().optional().catch(undefined),
  to: z.iso.date().optional().catch(undefined),
});
export type AuditFilters = z.infer<typeof AuditFilters>;

// Newest first is the only order that makes sense for a log; a page at a time.
export const AuditQuery = pageQuery(["at"], { sort: "at", dir: "desc" });

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

const AUDIT_KEYS = [sortKey("at", "desc", "date"), sortKey("id", "desc", "string")];

export function listAuditEvents(db: Db, filters: AuditFilters, query: PageQuery<"at">) {
  const where = auditWhere(filters);
  return fetchPage(
    query,
    AUDIT_KEYS,
    ({ seek, orderBy, skip, take }) => db.auditEvent.findMany({ where: { AND: [where, seek] }, orderBy, skip, take, include: { application: { select: { name: true } } } }),
    (atMost) => db.auditEvent.count({ where, take: atMost }),
  );
}

/**
 * Every event the filters find, newest first, a batch at a time (keyset paging on at and id), for
 * the CSV export: a year of audit log streams without holding it in memory.
 */
export async function* auditEventsMatching(db: Db, filters: AuditFilters, batchSize = 2_000) {
  const where = auditWhere(filters);
  let seek = {};
  for (;;) {
    const batch = await db.auditEvent.findMany({ where: { AND: [where, seek] }, orderBy: orderByOf(AUDIT_KEYS), take: batchSize, include: { application: { select: { name: true } } } });
    yield* batch;
    if (batch.length < batchSize) return;
    const last = batch.at(-1)!;
    seek = seekWhere(AUDIT_KEYS, [last.at, last.id]);
  }
}
