import Link from "next/link";
import { AuditFilters, listAuditEvents } from "@/lib/audit/list-audit-events";
import { db } from "@/lib/db/client";
import { utcSecond } from "@/lib/format-time";

export const metadata = { title: "Audit log" };
export const dynamic = "force-dynamic";

const TARGET_LINK: Record<string, (id: string) => string> = { order: (id) => `/orders/${id}`, run: (id) => `/runs/${id}`, "region-failover": (id) => `/region-failovers/${id}` };

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = Object.fromEntries(Object.entries(await searchParams).filter(([, v]) => typeof v === "string" && v !== ""));
  const filters = AuditFilters.parse(raw);
  const { events, total, page, pages } = await listAuditEvents(db(), filters);
  const pageHref = (n: number) => `/audit?${new URLSearchParams({ ...(raw as Record<string, string>), page: String(n) })}`;
  return (
    <>
      <h1>Audit log</h1>
      <p className="lead">Every change anyone (or the portal itself) made, newest first. Filters stay in the address, so a view can be pasted into an incident ticket.</p>
      <form className="card inline filters" method="get" aria-label="Filters">
        <label>
          Who
          <input name="actor" defaultValue={filters.actor ?? ""} placeholder="e-mail or system" />
        </label>
        <label>
          Application
          <input name="application" defaultValue={filters.application ?? ""} placeholder="books" />
        </label>
        <label>
          Action
          <input name="action" defaultValue={filters.action ?? ""} placeholder="run. or order.approved" />
        </label>
        <label>
          From
          <input type="date" name="from" defaultValue={filters.from ?? ""} />
        </label>
        <label>
          To
          <input type="date" name="to" defaultValue={filters.to ?? ""} />
        </label>
        <button type="submit">Filter</button>
        <Link href="/audit">Clear</Link>
      </form>
      <section className="card">
        <p className="muted" data-testid="audit-count">
          {total} event{total === 1 ? "" : "s"}
          {pages > 1 ? `, page ${page} of ${pages}` : ""}
        </p>
        {events.length === 0 ? (
          <p className="empty">No event matches these filters.</p>
        ) : (
          <table data-testid="audit-table">
            <thead>
              <tr>
                <th>When (UTC)</th>
                <th>Who</th>
                <th>Action</th>
                <th>Application</th>
                <th>What</th>
              </tr>
            </thead>
            <tbody>
              {events.map((event) => {
                const link = TARGET_LINK[event.targetType]?.(event.targetId);
                return (
                  <tr key={event.id}>
                    <td className="mono">{utcSecond(event.at).replace(" UTC", "")}</td>
                    <td>{event.actorLabel}</td>
                    <td className="mono">{event.action}</td>
                    <td>{event.application ? <Link href={`/applications/${event.application.name}`}>{event.application.name}</Link> : ""}</td>
                    <td>
                      {link ? <Link href={link}>{event.targetType}</Link> : event.targetType}
                      {event.after ? <div className="muted mono audit-detail">{JSON.stringify(event.after)}</div> : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        {pages > 1 && (
          <p className="inline">
            {page > 1 && <Link href={pageHref(page - 1)}>← Newer</Link>}
            {page < pages && <Link href={pageHref(page + 1)}>Older →</Link>}
          </p>
        )}
      </section>
    </>
  );
}
