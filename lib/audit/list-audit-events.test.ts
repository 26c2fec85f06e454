import { beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/tests/test-database";
import { AUDIT_PAGE_SIZE, AuditFilters, listAuditEvents } from "./list-audit-events";
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

const list = (filters: Record<string, string>) => listAuditEvents(t.db, AuditFilters.parse(filters));

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
});
