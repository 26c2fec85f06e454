import Link from "next/link";
import { DataTable } from "@/components/data-table";
import { RecordedData } from "@/components/recorded-data";
import { describeAuditEvent } from "@/lib/audit/describe-audit-event";
import { AuditFilters, AuditQuery, listAuditEvents } from "@/lib/audit/list-audit-events";
import { db } from "@/lib/db/client";
import { utcSecond } from "@/lib/format-time";
import { countOf, searchParamsOf } from "@/lib/lists/page-query";
import { Panel } from "@/components/panel";

export const metadata = { title: "Audit log" };
export const dynamic = "force-dynamic";

const TARGET_LINK: Record<string, (id: string) => string> = { order: (id) => `/orders/${id}`, run: (id) => `/runs/${id}`, "region-failover": (id) => `/region-failovers/${id}` };

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = searchParamsOf(await searchParams);
  const filters = AuditFilters.parse(raw);
  const query = AuditQuery.parse(raw);
  const events = await listAuditEvents(db(), filters, query);
  const filterParams = new URLSearchParams(Object.entries(filters).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  return (
    <>
      <div className="inline spread">
        <h1>Audit log</h1>
        <a className="button" href={`/audit/export${filterParams.size ? `?${filterParams}` : ""}`} download data-testid="audit-export">
          Download as CSV
        </a>
      </div>
      <p className="lead">Every change anyone (or the portal itself) made, newest first. Filters stay in the address, so a view can be pasted into an incident ticket; the CSV holds every event the filters find.</p>
      <Panel as="section" aria-label="Events">
        <p className="muted" data-testid="audit-count">
          {countOf(events, "event", "events")}
        </p>
        <DataTable
          label="Audit events"
          columns={[
            { key: "at", title: "When (UTC)" },
            { key: "what", title: "What happened" },
            { key: "action", title: "Action" },
            { key: "target", title: "Record" },
          ]}
          rows={events.items.map((event) => {
            const link = TARGET_LINK[event.targetType]?.(event.targetId);
            const recorded = event.before || event.after ? JSON.stringify({ before: event.before ?? undefined, after: event.after ?? undefined }, null, 2) : null;
            return {
              id: event.id,
              cells: {
                at: <span className="mono">{utcSecond(event.at).replace(" UTC", "")}</span>,
                what: (
                  <>
                    {describeAuditEvent(event)}
                    {recorded && <RecordedData json={recorded} />}
                  </>
                ),
                action: <span className="mono">{event.action}</span>,
                target: (
                <>
                  {link ? <Link href={link}>{event.targetType}</Link> : event.targetType}
                  {event.application ? (
                    <div>
                      <Link href={`/applications/${event.application.name}`}>{event.application.name}</Link>
                    </div>
                  ) : null}
                </>
                ),
              },
            };
          })}
          total={events.total}
          totalIsMore={events.totalIsMore}
          cursors={events.cursors}
          query={{ ...query, page: events.page }}
          filters={[
            { param: "actor", label: "Who", value: filters.actor ?? "", placeholder: "Who: e-mail or system" },
            { param: "application", label: "Application", value: filters.application ?? "", placeholder: "Application" },
            { param: "action", label: "Action", value: filters.action ?? "", placeholder: "Action: run. or order.approved" },
            { param: "from", label: "From (UTC day)", value: filters.from ?? "", type: "date" },
            { param: "to", label: "To (UTC day)", value: filters.to ?? "", type: "date" },
          ]}
          empty={{ title: "Nothing recorded yet", body: "Every order, decision, run and role change is recorded here as it happens." }}
          testId="audit-table"
        />
      </Panel>
    </>
  );
}
