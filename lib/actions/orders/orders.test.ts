import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startJobWorkers } from "@/lib/jobs/job-queue";
import { PORTAL_JOB_HANDLERS } from "@/lib/workers/portal-workers";
import { decideOrder } from "@/lib/approvals/decide-order";
import { getOrderFor, listOrders } from "@/lib/orders/list-orders";
import type { OrderInput } from "@/lib/orders/order-rules";
import { actAs, signedIn, pointActionsAtDatabase } from "@/tests/act-as";
import { anOrder } from "@/tests/orders";
import { eventually } from "@/tests/simulator";
import { createTestDatabase, queryDatabase, type TestDatabase } from "@/tests/test-database";
import { cancelOrderAction } from "./cancel-order";
import { checkApplicationNameAction } from "./check-application-name";
import { decideOrderAction } from "./decide-order";
import { submitOrderAction } from "./submit-order";
import { rereadConfig } from "@/lib/config/config";

vi.mock("@/lib/auth/session", async () => (await import("@/tests/act-as")).sessionMock());
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

let t: TestDatabase;
const firstPage = { sort: "created", dir: "asc", page: 1, perPage: 20 } as const;
const received: Array<{ headers: http.IncomingHttpHeaders; body: { type: string; order: Record<string, unknown> } }> = [];
const receiver = http.createServer((req, res) => {
  let body = "";
  req.on("data", (chunk) => (body += chunk));
  req.on("end", () => {
    received.push({ headers: req.headers, body: JSON.parse(body) });
    res.writeHead(204).end();
  });
});

const order = (overrides: Partial<OrderInput> = {}) => anOrder({ applicationName: `app-${Math.random().toString(36).slice(2, 8)}`, ...overrides });

async function owner(email = "owner@test.example") {
  const user = await actAs(t.db, "OWNER", email);
  await t.db.user.update({ where: { id: user.id }, data: { groups: ["team-books"] } });
  signedIn.user!.groups = ["team-books"];
  return user;
}

async function submitted(overrides: Partial<OrderInput> = {}, email?: string) {
  await owner(email);
  const result = await submitOrderAction(order(overrides));
  if (!result.ok) throw new Error(result.error + JSON.stringify(result.fieldErrors));
  return result.data.id;
}

beforeAll(async () => {
  t = await createTestDatabase();
  pointActionsAtDatabase(t.url);
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  process.env.CONTINUUM_WEBHOOK_URL = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/continuum`;
  rereadConfig();
  for (const name of ["europe-west", "europe-east", "europe-north"]) {
    await t.db.region.create({ data: { name, displayName: name, apiUrl: `https://${name}.example:6443`, openstackProject: name } });
  }
});
afterAll(() => {
  delete process.env.CONTINUUM_WEBHOOK_URL;
  receiver.close();
});
beforeEach(() => {
  received.length = 0;
});

describe("ordering", () => {
  it("stores an owner's DR order as submitted with its regions in order, its cost, and an audit event", async () => {
    const user = await owner();
    const result = await submitOrderAction(order({ applicationName: "books" }));
    expect(result).toMatchObject({ ok: true, data: { applicationName: "books", estimatedMonthlyCost: 4 * 138 } });
    const stored = await t.db.order.findFirstOrThrow({ where: { applicationName: "books" }, include: { regions: { include: { region: true }, orderBy: { position: "asc" } } } });
    expect(stored).toMatchObject({ status: "SUBMITTED", requesterId: user.id, profile: "DR", costCenter: "CC-10420" });
    expect(stored.regions.map((r) => r.region.name)).toEqual(["europe-west", "europe-east"]);
    expect(await t.db.auditEvent.findFirst({ where: { targetId: stored.id } })).toMatchObject({ action: "order.submitted", actorId: user.id, after: { applicationName: "books", status: "SUBMITTED" } });
  });

  it("refuses a name already ordered, and says so as the owner types", async () => {
    await submitted({ applicationName: "taken-name" });
    expect(await checkApplicationNameAction({ name: "taken-name" })).toEqual({ ok: true, data: { name: "taken-name", available: false, reason: '"taken-name" is already ordered (submitted). Choose another name.' } });
    expect(await checkApplicationNameAction({ name: "free-name" })).toMatchObject({ ok: true, data: { available: true } });
    expect(await checkApplicationNameAction({ name: "Bad Name" })).toMatchObject({ ok: false, fieldErrors: { name: expect.arrayContaining([expect.stringMatching(/lower-case/)]) } });
    expect(await submitOrderAction(order({ applicationName: "taken-name" }))).toMatchObject({ ok: false, fieldErrors: { applicationName: ['"taken-name" is already ordered (submitted). Choose another name.'] } });
  });

  it("lets two owners ordering the same name at the same moment end with one order", async () => {
    await owner();
    const results = await Promise.all([submitOrderAction(order({ applicationName: "racing" })), submitOrderAction(order({ applicationName: "racing" }))]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await t.db.order.count({ where: { applicationName: "racing" } })).toBe(1);
  });

  it("stores nothing for bad input, and says what is wrong with each field", async () => {
    await owner();
    const before = await t.db.order.count();
    const bad = {
      profile: "MULTI_SITE",
      applicationName: "<script>alert(1)</script>",
      description: "",
      ownerGroup: "",
      environments: [],
      regions: ["mars-north"],
      quotaSize: "HUGE",
      costCenter: "1234",
      justification: "<b>now</b>",
    };
    const result = await submitOrderAction(bad as never);
    expect(result.ok).toBe(false);
    expect(Object.keys((result as { fieldErrors: object }).fieldErrors).sort()).toEqual(
      ["applicationName", "costCenter", "description", "environments", "justification", "ownerGroup", "quotaSize", "regions"].sort(),
    );
    expect(await t.db.order.count()).toBe(before);
    expect(await t.db.auditEvent.count({ where: { action: "order.submitted", after: { path: ["applicationName"], equals: bad.applicationName } } })).toBe(0);
  });

  it("refuses an owner group the owner is not in", async () => {
    await owner();
    expect(await submitOrderAction(order({ ownerGroup: "someone-elses-team" }))).toMatchObject({ ok: false, fieldErrors: { ownerGroup: ["You can order only for a group you are in: team-books."] } });
  });

  it("refuses a multi-site order with one region and a DR order with the same region twice", async () => {
    await owner();
    expect(await submitOrderAction(order({ profile: "MULTI_SITE", regions: ["europe-west"] }))).toMatchObject({ ok: false, fieldErrors: { regions: [expect.stringMatching(/at least two regions/)] } });
    expect(await submitOrderAction(order({ regions: ["europe-west", "europe-west"] }))).toMatchObject({ ok: false, fieldErrors: { regions: [expect.stringMatching(/must differ/)] } });
  });

  it("sends each submitted and decided order to the webhook, through the job queue", async () => {
    const stop = await startJobWorkers(t.url, PORTAL_JOB_HANDLERS, { pollingIntervalSeconds: 0.5 });
    try {
      const id = await submitted({ applicationName: "hooked" });
      await actAs(t.db, "APPROVER");
      await decideOrderAction({ orderId: id, decision: "reject", note: "Use the shared catalogue instead." });
      // Earlier tests' orders were queued too; the worker delivers those as well.
      const ofThisOrder = () => received.filter((e) => e.body.order.id === id);
      const events = await eventually(async () => (ofThisOrder().length >= 2 ? ofThisOrder() : null), 15_000);
      expect(events.map((e) => e.body.type).sort()).toEqual(["order.rejected", "order.submitted"]);
      const rejected = events.find((e) => e.body.type === "order.rejected")!;
      expect(rejected.headers["x-continuum-event"]).toBe("order.rejected");
      expect(rejected.body.order).toMatchObject({ id, applicationName: "hooked", status: "REJECTED", decidedBy: "approver@test.example", decisionNote: "Use the shared catalogue instead.", regions: ["europe-west", "europe-east"] });
    } finally {
      await stop();
    }
  });

  it("queues no webhook event for an order it refuses", async () => {
    const jobsBefore = (await queryDatabase<{ n: number }>(t.url, "SELECT count(*)::int AS n FROM pgboss.job"))[0]!.n;
    await owner();
    await submitOrderAction(order({ applicationName: "x".repeat(41) }));
    expect((await queryDatabase<{ n: number }>(t.url, "SELECT count(*)::int AS n FROM pgboss.job"))[0]!.n).toBe(jobsBefore);
  });
});

describe("deciding", () => {
  it("lets only approvers (and administrators) decide", async () => {
    const id = await submitted();
    for (const role of ["OWNER", "ONCALL"] as const) {
      await actAs(t.db, role, `${role.toLowerCase()}-decider@test.example`);
      expect(await decideOrderAction({ orderId: id, decision: "approve", note: "" })).toMatchObject({ ok: false, error: expect.stringMatching(/^Only approver \(platform team\) or administrator can approve or reject orders/) });
    }
    signedIn.user = null;
    expect(await decideOrderAction({ orderId: id, decision: "approve", note: "" })).toMatchObject({ ok: false, error: expect.stringMatching(/signed out/) });
    expect((await t.db.order.findUniqueOrThrow({ where: { id } })).status).toBe("SUBMITTED");

    const approver = await actAs(t.db, "APPROVER");
    expect(await decideOrderAction({ orderId: id, decision: "approve", note: "" })).toEqual({ ok: true, data: { id, status: "APPROVED" } });
    expect(await t.db.order.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "APPROVED", decidedById: approver.id, decisionNote: null });
    expect(await t.db.auditEvent.findFirst({ where: { targetId: id, action: "order.approved" } })).toMatchObject({ actorId: approver.id, before: { status: "SUBMITTED" }, after: { status: "APPROVED" } });
  });

  it("requires a note to reject, and the owner can read it", async () => {
    const id = await submitted();
    await actAs(t.db, "APPROVER");
    expect(await decideOrderAction({ orderId: id, decision: "reject", note: "  " })).toMatchObject({ ok: false, fieldErrors: { note: ["Say why you reject it: the owner reads this note."] } });
    expect(await decideOrderAction({ orderId: id, decision: "reject", note: "Cost center CC-10420 is closed; use CC-20001." })).toMatchObject({ ok: true });
    const viewer = await owner();
    expect(await getOrderFor(t.db, id, viewer)).toMatchObject({ status: "REJECTED", decisionNote: "Cost center CC-10420 is closed; use CC-20001." });
  });

  it("leaves exactly one decision when two approvers decide the same order at the same moment", async () => {
    const id = await submitted();
    const first = await t.db.user.create({ data: { email: "first@test.example", name: "First", role: "APPROVER" } });
    const second = await t.db.user.create({ data: { email: "second@test.example", name: "Second", role: "APPROVER" } });
    const results = await Promise.allSettled([
      decideOrder(t.db, { orderId: id, decision: "approve", note: "" }, first, { webhookUrl: null }),
      decideOrder(t.db, { orderId: id, decision: "reject", note: "No." }, second, { webhookUrl: null }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason.message).toMatch(/^This order was already (approved by First|rejected by Second) at .* UTC\. Nothing was changed\.$/);
    expect(await t.db.auditEvent.count({ where: { targetId: id, action: { in: ["order.approved", "order.rejected"] } } })).toBe(1);
  });

  it("does not let an approver decide their own order", async () => {
    const approver = await actAs(t.db, "APPROVER", "self@test.example");
    await t.db.user.update({ where: { id: approver.id }, data: { role: "ADMIN", groups: ["team-books"] } });
    signedIn.user = { ...signedIn.user!, role: "ADMIN", groups: ["team-books"] };
    const result = await submitOrderAction(order());
    const id = (result as { data: { id: string } }).data.id;
    expect(await decideOrderAction({ orderId: id, decision: "approve", note: "" })).toMatchObject({ ok: false, error: "You submitted this order yourself; another approver has to decide it." });
  });
});

describe("what owners see", () => {
  it("shows an owner only their own orders", async () => {
    const mine = await submitted({}, "mine@test.example");
    const theirs = await submitted({}, "theirs@test.example");
    const me = await owner("mine@test.example");
    expect((await listOrders(t.db, { requesterId: me.id }, firstPage)).items.map((o) => o.id)).toEqual([mine]);
    expect(await getOrderFor(t.db, theirs, me)).toBeNull();
    const approver = await actAs(t.db, "APPROVER");
    expect(await getOrderFor(t.db, theirs, approver)).not.toBeNull();
  });

  it("lets an owner cancel their own waiting order, not someone else's", async () => {
    const theirs = await submitted({}, "other@test.example");
    const mine = await submitted({}, "canceller@test.example");
    expect(await cancelOrderAction({ orderId: theirs })).toMatchObject({ ok: false, error: "That order does not exist or is not yours." });
    expect(await cancelOrderAction({ orderId: mine })).toEqual({ ok: true, data: { id: mine, status: "CANCELLED" } });
    expect(await cancelOrderAction({ orderId: mine })).toMatchObject({ ok: false, error: expect.stringMatching(/already cancelled/) });
    expect((await t.db.order.findUniqueOrThrow({ where: { id: theirs } })).status).toBe("SUBMITTED");
  });

  it("filters the approvals queue by profile, region, cost center and age", async () => {
    const north = await submitted({ profile: "SINGLE_SITE", regions: ["europe-north"], costCenter: "CC-77777" });
    const queue = await listOrders(t.db, { region: "europe-north", profile: "SINGLE_SITE" }, firstPage);
    expect(queue.items.map((o) => o.id)).toEqual([north]);
    expect((await listOrders(t.db, { costCenter: "77777" }, firstPage)).items.map((o) => o.id)).toEqual([north]);
    expect((await listOrders(t.db, { minAgeDays: 1 }, firstPage)).items).toEqual([]);
  });

  it("searches, sorts and pages the approvals queue, oldest first among equals", async () => {
    const ids: string[] = [];
    for (const [name, costCenter] of [["pager-c", "CC-30000"], ["pager-a", "CC-10000"], ["pager-b", "CC-20000"]] as const) ids.push(await submitted({ applicationName: name, costCenter }));
    const search = { ...firstPage, q: "PAGER-" };
    expect((await listOrders(t.db, {}, search)).items.map((o) => o.applicationName)).toEqual(["pager-c", "pager-a", "pager-b"]);
    expect((await listOrders(t.db, {}, { ...search, sort: "application", dir: "desc" })).items.map((o) => o.applicationName)).toEqual(["pager-c", "pager-b", "pager-a"]);
    expect((await listOrders(t.db, {}, { ...search, q: "cc-2" })).items.map((o) => o.id)).toEqual([ids[2]]);
    const second = await listOrders(t.db, {}, { ...search, sort: "costCenter", perPage: 2, page: 2 });
    expect(second).toMatchObject({ total: 3, page: 2, perPage: 2 });
    expect(second.items.map((o) => o.applicationName)).toEqual(["pager-c"]);
    // A bookmark from when the list was longer shows its last page, not an empty table.
    expect(await listOrders(t.db, {}, { ...search, perPage: 2, page: 9 })).toMatchObject({ page: 2, items: [expect.objectContaining({ applicationName: "pager-b" })] });
  });
});
