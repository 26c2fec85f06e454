import { describeAuditEvent } from "@/lib/audit/describe-audit-event";
import { AuditFilters, auditEventsMatching } from "@/lib/audit/list-audit-events";
import { can } from "@/lib/auth/roles";
import { getCurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { searchParamsOf } from "@/lib/lists/page-query";
import { csvLine } from "@/lib/text/csv";

export const dynamic = "force-dynamic";

const HEADER = ["at_utc", "actor", "action", "application", "target_type", "target_id", "sentence", "before_json", "after_json", "request_id"];

// GET /audit/export?actor=&application=&action=&from=&to= — every event the filters find, as
// CSV, streamed a batch at a time: what an auditor takes away as proof.
export async function GET(request: Request) {
  const user = await getCurrentUser();
  if (!user) return new Response("Sign in first.\n", { status: 401 });
  if (!can(user.role, "audit:read")) return new Response("Only the platform team and administrators read the audit log.\n", { status: 403 });
  const filters = AuditFilters.parse(searchParamsOf(Object.fromEntries(new URL(request.url).searchParams)));
  const events = auditEventsMatching(db(), filters);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvLine(HEADER)));
    },
    async pull(controller) {
      const next = await events.next();
      if (next.done) return controller.close();
      const e = next.value;
      const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));
      controller.enqueue(encoder.encode(csvLine([e.at.toISOString(), e.actorLabel, e.action, e.application?.name ?? null, e.targetType, e.targetId, describeAuditEvent(e), json(e.before), json(e.after), e.requestId])));
    },
  });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(body, { headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="continuum-audit-${day}.csv"`, "cache-control": "no-store" } });
}
