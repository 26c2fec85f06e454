import { beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/tests/test-database";
import { AuditFilters, AuditQuery, auditEventsMatching, listAuditEvents } from "./list-audit-events";
import { describeAuditEvent } from "./describe-audit-event";

const AUDIT_PAGE_SIZE = 50;
import { recordAuditEvent } from "./record-audit-event";

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  const oscar = await t.db.user.create({ data: { email: "oscar@test.example", name: "Oscar", role: "ONCALL" } });
  const owner = await t.db.user.create({ data: { email: "olivia@test.example", name: "Olivia", role: "OWNER" } });
  const books = await t.db.application.create({ data: { name: "books", profile: "DR", description: "d", ownerGroup: "g", costCenter: "CC-1", quotaSize: "SMALL", ownerId: owner.id } });
  await recordAuditEvent(t.db, { action: "run.started", actor: oscar, target: { type: "run", id: "r1" }, applicationId: books.id });
  await recordAuditEvent(t.db, { action: "run.step_failed", actor: "system", target: { type: "run", id: "r1" }, applicationId: books.id });
  await recordAuditEvent(t.db, { action: "order.approved", actor: oscar, target: { type: "order", id: "o1" } });
  for (let i = 0; i < AUDIT_PAGE_SIZE; i++) await recordAuditEvent(t.db, { action: "user.signed_in", actor: owner, target: { type: "user", id: owner.id } });
  await t.db.auditEvent.updateMany({ where: { action: "order.approved" }, data: { at: new Date("2026-01-15T12:00:00Z") } });
});

const list = async (filters: Record<string, string>) => {
  const page = await listAuditEvents(t.db, AuditFilters.parse(filters), AuditQuery.parse({ perPage: String(AUDIT_PAGE_SIZE), ...filters }));
  return { ...page, events: page.items, pages: Math.ceil(page.total / page.perPage) };
};

describe("the audit log's filters", () => {
  it("finds by actor, application, and action or action prefix", async () => {
    expect((await list({ actor: "OSCAR" })).events.map((e) => e.action).sort()).toEqual(["order.approved", "run.started"]);
    expect((await list({ application: "books" })).total).toBe(2);
    expect((await list({ action: "run." })).events.map((e) => e.action).sort()).toEqual(["run.started", "run.step_failed"]);
    expect((await list({ action: "run.step_failed", actor: "system" })).total).toBe(1);
  });

  it("finds by day, both ends included", async () => {
    expect((await list({ from: "2026-01-15", to: "2026-01-15" })).events.map((e) => e.action)).toEqual(["order.approved"]);
    expect((await list({ to: "2026-01-14" })).total).toBe(0);
  });

  it("pages newest first and ignores a malformed filter instead of failing", async () => {
    const first = await list({});
    expect(first).toMatchObject({ total: AUDIT_PAGE_SIZE + 3, pages: 2, page: 1 });
    expect(first.events).toHaveLength(AUDIT_PAGE_SIZE);
    expect(first.events.at(-1)!.at >= (await list({ page: "2" })).events[0]!.at).toBe(true);
    expect((await list({ from: "yesterday", page: "-3" })).total).toBe(AUDIT_PAGE_SIZE + 3);
  });

  it("streams every matching event for the export, newest first, across batches", async () => {
    const all: string[] = [];
    for await (const event of auditEventsMatching(t.db, {}, 7)) all.push(event.id);
    const paged = [...(await list({})).events, ...(await list({ page: "2" })).events].map((e) => e.id);
    expect(all).toEqual(paged);
    const runs: string[] = [];
    for await (const event of auditEventsMatching(t.db, AuditFilters.parse({ action: "run." }), 1)) runs.push(event.action);
    expect(runs.sort()).toEqual(["run.started", "run.step_failed"]);
  });
});

describe("the audit log read as sentences", () => {
  it("says who did what to which application, with the reason or note they gave", () => {
    expect(describeAuditEvent({ action: "run.started", actorLabel: "oscar@test.example", targetType: "run", application: { name: "books" }, after: { kind: "FAILOVER", mode: "FORCED", from: "europe-west", to: "europe-east", reason: "region lost" } })).toBe(
      "oscar@test.example started a failover (forced) of books from europe-west to europe-east: “region lost”",
    );
    expect(describeAuditEvent({ action: "order.rejected", actorLabel: "ann@test.example", targetType: "order", after: { status: "REJECTED", note: "no budget", applicationName: "ledger" } })).toBe("ann@test.example rejected the order for ledger: “no budget”");
    expect(describeAuditEvent({ action: "user.role_changed", actorLabel: "admin@test.example", targetType: "user", before: { role: "OWNER" }, after: { role: "ONCALL" } })).toBe("admin@test.example changed a user's role from application owner to on-call engineer");
    expect(describeAuditEvent({ action: "run.step_failed", actorLabel: "system", targetType: "run", application: { name: "books" }, after: { step: "promote-volumes", error: "Cinder 503" } })).toBe("The portal stopped the run of books at a failed step (promote-volumes): “Cinder 503”");
  });

  it("reads an action it has no sentence for as words, not a code", () => {
    expect(describeAuditEvent({ action: "application.pairing_repaired", actorLabel: "system", targetType: "application", application: { name: "books" }, after: ["odd"] })).toBe("The portal: application pairing repaired (books)");
  });
});
