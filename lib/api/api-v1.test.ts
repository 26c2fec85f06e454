import { readdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken, revokeApiToken } from "@/lib/api-tokens/api-tokens";
import { startRunSupervisor, type RunSupervisor } from "@/lib/failover/run-supervisor";
import { regionClients } from "@/lib/regions/region-clients";
import { prepareActionsAgainstSimulator } from "@/tests/act-as";
import { createPeople, provisionedDrApplication, TEST_RUN_SETTINGS } from "@/tests/runs";
import { eventually, startTestSimulator } from "@/tests/simulator";
import type { TestDatabase } from "@/tests/test-database";
import { deployWorkloads } from "@/tests/workloads";
import { anOrder } from "@/tests/orders";
import { openApiContract, type OpenApiDocument } from "@/tests/openapi-contract";
import { abortRunRoute, API_V1_ROUTES, decideOrderRoute, getApplicationRoute, getDriftRoute, getRunRoute, listApplicationsRoute, listOrdersRoute, requestChangeRoute, requestDrSyncRoute, retryRunRoute, startRunRoute, submitOrderRoute } from "./api-v1";
import { MAX_BODY_BYTES, type ApiRouteHandler } from "./define-api-route";
import { openApiDocument } from "./openapi";

// What a pipeline does on every release: start a DR drill with its token, poll it, fail the
// release if the drill fails. Through the real route handlers, with real Requests; every answer
// is checked against the OpenAPI document the portal serves.

const sim = await startTestSimulator({ seed: false });
let t: TestDatabase;
let supervisor: RunSupervisor;
let tokens: { oncall: string; owner: string; approver: string };
let contract: Awaited<ReturnType<typeof openApiContract>>;

beforeAll(async () => {
  t = await prepareActionsAgainstSimulator(sim.dir);
  const people = await createPeople(t.db, "pipeline.example");
  await provisionedDrApplication(t.db, regionClients(), people, "shop");
  await deployWorkloads(sim.dir, "europe-west", "shop-prod", "shop");
  tokens = {
    oncall: (await createApiToken(t.db, people.oncall, "release pipeline")).token,
    owner: (await createApiToken(t.db, people.owner, "owner's laptop")).token,
    approver: (await createApiToken(t.db, people.approver, "approvals bot")).token,
  };
  contract = await openApiContract((await openApiDocument()) as unknown as OpenApiDocument);
  supervisor = startRunSupervisor(t.db, regionClients(), TEST_RUN_SETTINGS);
});
afterAll(() => supervisor?.stop());

/** A request to a route as Next makes it; its answer must match the OpenAPI document. */
async function send(handler: ApiRouteHandler, request: Request, params?: Record<string, string>) {
  const response = await handler(request, { params: Promise.resolve(params as Record<string, string>) });
  await contract.check(handler.definition.method, handler.definition.path, response);
  return response;
}

const call = (handler: ApiRouteHandler, token: string | null, init: { body?: unknown; params?: Record<string, string>; search?: Record<string, string> } = {}) =>
  send(
    handler,
    new Request(`http://portal/api/v1${init.search ? `?${new URLSearchParams(init.search)}` : ""}`, { method: handler.definition.method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), "content-type": "application/json" }, body: init.body === undefined ? undefined : JSON.stringify(init.body) }),
    init.params ?? {},
  );

const drill = { applicationName: "shop", kind: "DRILL", reason: "release 4.2 pipeline drill", confirmation: "shop" };

describe("/api/v1 for a pipeline", () => {
  it("starts a DR drill with a token, polls it to completion and reads its RTO", async () => {
    const started = await call(startRunRoute, tokens.oncall, { body: drill });
    expect(started.status).toBe(201);
    const { id, url } = (await started.json()) as { id: string; url: string };
    expect(url).toBe(`/api/v1/runs/${id}`);
    const run = await eventually(async () => {
      const body = (await (await call(getRunRoute, tokens.oncall, { params: { id } })).json()) as { status: string; rtoSeconds: number | null; steps: Array<{ name: string; status: string }> };
      return body.status === "SUCCEEDED" || body.status === "WAITING" ? body : null;
    }, 20_000);
    expect(run.status).toBe("SUCCEEDED");
    expect(run.rtoSeconds).toBeGreaterThan(0);
    expect(run.steps.every((s) => s.status === "SUCCEEDED")).toBe(true);
  });

  it("answers bad input with the field that is wrong, and a second run with 409", async () => {
    const bad = await call(startRunRoute, tokens.oncall, { body: { ...drill, reason: "x" } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ fieldErrors: { reason: [expect.stringMatching(/at least 10 characters/)] } });
    const wrongName = await call(startRunRoute, tokens.oncall, { body: { ...drill, confirmation: "shopp" } });
    expect(wrongName.status).toBe(400);
  });

  it("refuses no token, a revoked token, and a token whose user may not start runs", async () => {
    expect((await call(listApplicationsRoute, null)).status).toBe(401);
    const owner = await call(startRunRoute, tokens.owner, { body: drill });
    expect(owner.status).toBe(403);
    expect(await owner.json()).toMatchObject({ error: expect.stringMatching(/^Only on-call engineer or administrator can fail applications over.*owner@pipeline.example/) });
    const oncall = await t.db.user.findUniqueOrThrow({ where: { email: "oncall@pipeline.example" } });
    const spare = await createApiToken(t.db, oncall, "to revoke");
    expect((await call(listApplicationsRoute, spare.token)).status).toBe(200);
    await revokeApiToken(t.db, oncall, spare.id);
    expect((await call(listApplicationsRoute, spare.token)).status).toBe(401);
    expect(await t.db.failoverRun.count()).toBe(1);
  });

  it("says a stopped run waits for a person, and lets a pipeline retry it or abort it", async () => {
    type RunBody = { status: string; error: string | null; actions: { retry?: string; abort?: string } | null };
    const read = async (id: string) => (await (await call(getRunRoute, tokens.oncall, { params: { id } })).json()) as RunBody;
    const settledRun = (id: string, wanted: string[]) => eventually(async () => ((body) => (wanted.includes(body.status) ? body : null))(await read(id)), 30_000);
    const stoppedDrill = async () => {
      // europe-east refuses every transfer of the drill's copies: the drill stops at move-volumes.
      await sim.admin("PUT", "/regions/europe-east/faults", { failTransferAccepts: 20 });
      const { id } = (await (await call(startRunRoute, tokens.oncall, { body: { ...drill, reason: "drill that meets an outage" } })).json()) as { id: string };
      const stopped = await settledRun(id, ["WAITING", "SUCCEEDED"]);
      await sim.admin("PUT", "/regions/europe-east/faults", { failTransferAccepts: 0 });
      return { id, stopped };
    };

    const first = await stoppedDrill();
    expect(first.stopped).toMatchObject({ status: "WAITING", error: expect.stringMatching(/did not accept the transfer/), actions: { retry: `/api/v1/runs/${first.id}/retry`, abort: `/api/v1/runs/${first.id}/abort` } });
    // The owner may read it but not act on it: no actions for them, and 403 when they try.
    expect(((await (await call(getRunRoute, tokens.owner, { params: { id: first.id } })).json()) as RunBody).actions).toBeNull();
    expect((await call(retryRunRoute, tokens.owner, { params: { id: first.id } })).status).toBe(403);
    const retried = await call(retryRunRoute, tokens.oncall, { params: { id: first.id } });
    expect(retried.status).toBe(202);
    expect(await retried.json()).toMatchObject({ id: first.id, url: `/api/v1/runs/${first.id}` });
    expect(await settledRun(first.id, ["SUCCEEDED", "WAITING"])).toMatchObject({ status: "SUCCEEDED", actions: null });
    const again = await call(retryRunRoute, tokens.oncall, { params: { id: first.id } });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: "conflict", error: expect.stringMatching(/not stopped at a failed step/) });

    const second = await stoppedDrill();
    expect(second.stopped.status).toBe("WAITING");
    expect((await call(abortRunRoute, tokens.oncall, { params: { id: second.id } })).status).toBe(202);
    expect((await settledRun(second.id, ["ABORTED", "WAITING"])).status).toBe("ABORTED");
    expect((await call(abortRunRoute, tokens.oncall, { params: { id: "no-such-run" } })).status).toBe(404);
    expect((await call(retryRunRoute, tokens.oncall, { params: { id: "no-such-run" } })).status).toBe(404);
  });

  it("answers impossible names with 404, oversized bodies with 413, and every refusal with its code", async () => {
    for (const name of ["\u0000", "shop\u0000", "x".repeat(300)]) {
      const response = await call(getApplicationRoute, tokens.owner, { params: { name } });
      expect(response.status, JSON.stringify(name)).toBe(404);
      expect(await response.json()).toMatchObject({ code: "not-found" });
    }
    // Next gives a route without dynamic segments no params at all.
    const noParams = await send(listApplicationsRoute, new Request("http://portal/api/v1/applications", { headers: { authorization: `Bearer ${tokens.owner}` } }));
    expect(noParams.status).toBe(200);
    const unknown = await call(startRunRoute, tokens.oncall, { body: { ...drill, applicationName: "nobodys", confirmation: "nobodys" } });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ code: "not-found", error: "There is no application called nobodys." });
    const nul = await call(startRunRoute, tokens.oncall, { body: { ...drill, reason: "release 4.2\u0000 pipeline drill" } });
    expect(nul.status).toBe(400);
    expect(await nul.json()).toMatchObject({ code: "invalid", fieldErrors: { reason: [expect.stringMatching(/control character/)] } });
    const huge = JSON.stringify({ ...drill, reason: "x".repeat(10 * 1024 * 1024) });
    const big = await send(startRunRoute, new Request("http://portal/api/v1/runs", { method: "POST", headers: { authorization: `Bearer ${tokens.oncall}`, "content-type": "application/json" }, body: huge }), {});
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ code: "too-large", error: expect.stringContaining(`${MAX_BODY_BYTES / 1024} KiB`) });
    // Without a Content-Length (a chunked upload) the limit holds as the body streams in.
    const stream = new ReadableStream({ pull: (c) => c.enqueue(new TextEncoder().encode("x".repeat(64 * 1024))) });
    const chunked = await send(startRunRoute, new Request("http://portal/api/v1/runs", { method: "POST", headers: { authorization: `Bearer ${tokens.oncall}` }, body: stream, duplex: "half" } as RequestInit), {});
    expect(chunked.status).toBe(413);
  });

  it("throttles an address that keeps sending wrong tokens, and says so in the audit log", async () => {
    const from = (address: string, token: string) =>
      send(listApplicationsRoute, new Request("http://portal/api/v1/applications", { headers: { authorization: `Bearer ${token}`, "x-forwarded-for": `${address}, 10.0.0.1` } }), {});
    const statuses: number[] = [];
    for (let i = 0; i < 300; i++) statuses.push((await from("203.0.113.7", `ctm_guess${i}`)).status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(20);
    expect(statuses.filter((s) => s === 429)).toHaveLength(280);
    const limited = await from("203.0.113.7", tokens.oncall);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ code: "rate-limited", error: expect.stringMatching(/Too many requests .* from 203\.0\.113\.7/) });
    // Another address is not held back by it.
    expect((await from("198.51.100.2", tokens.oncall)).status).toBe(200);
    const events = await t.db.auditEvent.findMany({ where: { action: "api.token_throttled" } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ targetType: "address", targetId: "203.0.113.7" });
  });

  it("takes a change order for the owner's own application, says why one is impossible, and hides others' applications", async () => {
    const change = { quotaSize: "MEDIUM", justification: "Black Friday traffic doubled the catalogue's memory." };
    const asked = await call(requestChangeRoute, tokens.owner, { body: change, params: { name: "shop" } });
    expect(asked.status).toBe(201);
    expect(await asked.json()).toMatchObject({ kind: "CHANGE", status: "SUBMITTED", quotaSize: "MEDIUM", addRegions: [], changeFrom: { quotaSize: "SMALL", regions: ["europe-east", "europe-west"] } });
    const again = await call(requestChangeRoute, tokens.owner, { body: change, params: { name: "shop" } });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: expect.stringMatching(/^A change of shop is already waiting for approval/) });
    const region = await call(requestChangeRoute, tokens.owner, { body: { ...change, addRegions: ["mars-north"] }, params: { name: "shop" } });
    expect(region.status).toBe(400);
    expect(await region.json()).toMatchObject({ fieldErrors: { addRegions: [expect.stringMatching(/"mars-north" is not a region you can order in/)] } });
    expect((await call(requestChangeRoute, tokens.owner, { body: change, params: { name: "nobodys" } })).status).toBe(404);
    expect((await call(requestChangeRoute, tokens.oncall, { body: change, params: { name: "shop" } })).status).toBe(403);
  });

  it("lets a pipeline order an application, an approver approve it, and a DR pipeline sync and read drift", async () => {
    const order = anOrder({ applicationName: "ledger", profile: "SINGLE_SITE", regions: ["europe-west"], environments: ["prod"] });
    const submitted = await call(submitOrderRoute, tokens.owner, { body: order });
    expect(submitted.status).toBe(201);
    const { id } = (await submitted.json()) as { id: string };
    const again = await call(submitOrderRoute, tokens.owner, { body: order });
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ code: "invalid", fieldErrors: { applicationName: [expect.stringMatching(/ledger/)] } });
    expect((await call(submitOrderRoute, tokens.owner, { body: { ...order, applicationName: "Not A Name" } })).status).toBe(400);
    expect((await call(listOrdersRoute, tokens.owner)).status).toBe(200);
    const queue = (await (await call(listOrdersRoute, tokens.approver)).json()) as { orders: Array<{ id: string }> };
    expect(queue.orders.map((o) => o.id)).toContain(id);
    expect((await call(decideOrderRoute, tokens.owner, { body: { decision: "approve" }, params: { id } })).status).toBe(403);
    const decided = await call(decideOrderRoute, tokens.approver, { body: { decision: "approve", note: "" }, params: { id } });
    expect(await decided.json()).toEqual({ id, status: "APPROVED" });
    expect((await call(decideOrderRoute, tokens.approver, { body: { decision: "reject", note: "A second decision of the same order." }, params: { id } })).status).toBe(409);
    const ledger = (await (await call(getApplicationRoute, tokens.owner, { params: { name: "ledger" } })).json()) as { status: string; drState: unknown; fence: unknown };
    expect(ledger).toMatchObject({ status: "PROVISIONING", drState: null, fence: null });

    const sync = await call(requestDrSyncRoute, tokens.oncall, { params: { name: "shop" } });
    expect(sync.status).toBe(202);
    expect(await sync.json()).toMatchObject({ status: "QUEUED", url: "/api/v1/applications/shop/drift" });
    const drift = await call(getDriftRoute, tokens.owner, { params: { name: "shop" } });
    expect(drift.status).toBe(200);
    expect(await drift.json()).toMatchObject({ active: { region: expect.any(String), namespace: "shop-prod" }, syncs: [expect.objectContaining({ status: "QUEUED", trigger: "API" })] });
    expect((await call(getDriftRoute, tokens.owner, { params: { name: "ledger" } })).status).toBe(409);
  });

  it("pages its lists with limit and a cursor, every row once, and refuses a limit out of range or a cursor it did not give", async () => {
    const owner = await t.db.user.findFirstOrThrow({ where: { role: "OWNER" } });
    for (const name of ["page-e", "page-a", "page-c", "page-b", "page-d"]) {
      await t.db.application.create({ data: { name, profile: "SINGLE_SITE", description: "d", ownerGroup: "g", costCenter: "CC-1", quotaSize: "SMALL", ownerId: owner.id, status: "READY" } });
    }
    const everyName = (await t.db.application.findMany({ select: { name: true }, orderBy: { name: "asc" } })).map((a) => a.name);
    const seen: string[] = [];
    for (let cursor: string | null = null, pages = 0; pages === 0 || cursor; pages++) {
      const answer = (await (await call(listApplicationsRoute, tokens.oncall, { search: { limit: "2", ...(cursor ? { cursor } : {}) } })).json()) as { applications: Array<{ name: string }>; nextCursor: string | null };
      expect(answer.applications.length).toBeLessThanOrEqual(2);
      seen.push(...answer.applications.map((a) => a.name));
      cursor = answer.nextCursor;
    }
    expect(seen).toEqual(everyName);

    const queue = await t.db.order.findMany({ where: { status: "SUBMITTED" }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true } });
    await t.db.order.createMany({ data: Array.from({ length: 3 }, (_, i) => ({ ...anOrderRow(owner.id), applicationName: `queued-${i}` })) });
    const expected = (await t.db.order.findMany({ where: { status: "SUBMITTED" }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true } })).map((o) => o.id);
    expect(expected.length).toBe(queue.length + 3);
    const queued: string[] = [];
    for (let cursor: string | null = null, pages = 0; pages === 0 || cursor; pages++) {
      const answer = (await (await call(listOrdersRoute, tokens.approver, { search: { limit: "1", ...(cursor ? { cursor } : {}) } })).json()) as { orders: Array<{ id: string }>; nextCursor: string | null };
      queued.push(...answer.orders.map((o) => o.id));
      cursor = answer.nextCursor;
    }
    expect(queued).toEqual(expected);

    for (const [handler, search, field] of [
      [listApplicationsRoute, { limit: "0" }, "limit"],
      [listApplicationsRoute, { limit: "501" }, "limit"],
      [listOrdersRoute, { limit: "ten" }, "limit"],
      [listApplicationsRoute, { cursor: "not-a-cursor" }, "cursor"],
      [listOrdersRoute, { cursor: Buffer.from(JSON.stringify({ name: "page-a" })).toString("base64url") }, "cursor"],
    ] as const) {
      const refused = await call(handler, tokens.approver, { search });
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({ code: "invalid", fieldErrors: { [field]: [expect.any(String)] } });
    }
  });

  it("describes itself in OpenAPI 3, generated from the routes' own schemas, one route file per operation", async () => {
    const doc = (await openApiDocument()) as unknown as OpenApiDocument & { components: { schemas: Record<string, { properties?: Record<string, { enum?: string[] }>; required?: string[] }> } };
    expect(doc.openapi).toBe("3.0.3");
    // Every route file under app/api/v1 binds one of the routes the document is made of, at its own path.
    const routeFiles = (await readdir("app/api/v1", { recursive: true })).filter((f) => f.endsWith("route.ts") && !f.startsWith("openapi.json"));
    const bound: string[] = [];
    for (const file of routeFiles) {
      const apiPath = "/" + path.dirname(file).replace(/\[(\w+)\]/g, "{$1}");
      const exported = (await import(/* @vite-ignore */ path.resolve("app/api/v1", file))) as Record<string, unknown>;
      for (const [method, handler] of Object.entries(exported).filter(([k]) => /^(GET|POST|PUT|PATCH|DELETE)$/.test(k))) {
        expect(API_V1_ROUTES, `${method} ${apiPath} binds a route of API_V1_ROUTES`).toContain(handler);
        expect((handler as ApiRouteHandler).definition, `${file} exports ${method}`).toMatchObject({ method, path: apiPath });
        bound.push(`${method} ${apiPath}`);
      }
    }
    expect(bound.sort()).toEqual(API_V1_ROUTES.map((r) => `${r.definition.method} ${r.definition.path}`).sort());
    expect(doc.components.schemas.StartRun!.properties!.kind!.enum).toEqual(["FAILOVER", "FAILBACK", "DRILL"]);
    expect(doc.components.schemas.OrderInput!.required).toEqual(expect.arrayContaining(["applicationName", "costCenter", "profile"]));
    expect(doc.components.schemas.Run!.properties!.status!.enum).toEqual(["PENDING", "RUNNING", "PAUSED", "SUCCEEDED", "WAITING", "ABORTED"]);
  });

  it("was held to its document: every operation answered as described, on success and on refusal", () => {
    const seen = [...contract.checked];
    for (const { definition: route } of API_V1_ROUTES) expect(seen, `${route.method} ${route.path}`).toContain(`${route.method} ${route.path} ${route.status ?? 200}`);
    for (const status of [400, 401, 403, 404, 409, 413, 429]) expect(seen.some((s) => s.endsWith(` ${status}`)), `a ${status} was checked`).toBe(true);
  });
});

describe("the API contract check", () => {
  it("refuses an answer that leaves out a promised field or adds one the document does not list", async () => {
    const doc = (await openApiDocument()) as unknown as OpenApiDocument;
    const check = await openApiContract(doc);
    const answer = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status });
    await expect(check.check("GET", "/orders", answer({ orders: [], nextCursor: null }))).resolves.toBeUndefined();
    await expect(check.check("GET", "/orders", answer({ nextCursor: null }))).rejects.toThrow(/must have required property 'orders'/);
    await expect(check.check("GET", "/orders", answer({ orders: [], nextCursor: null, secret: 1 }))).rejects.toThrow(/must NOT have additional properties/);
    await expect(check.check("POST", "/runs", answer({ error: "x", code: "teapot" }, 403))).rejects.toThrow(/must be equal to one of the allowed values/);
    await expect(check.check("GET", "/orders", answer({ error: "x", code: "conflict" }, 409))).rejects.toThrow(/answered 409, which the OpenAPI document does not list/);
  });
});

/** An order row as the database holds one, for lists that only read it. */
const anOrderRow = (requesterId: string) => ({
  profile: "SINGLE_SITE" as const,
  applicationName: "queued",
  description: "Queued for the paging test",
  ownerGroup: "team",
  environments: ["prod"],
  quotaSize: "SMALL" as const,
  costCenter: "CC-1",
  justification: "Paging through the approval queue.",
  estimatedMonthlyCost: 100,
  status: "SUBMITTED" as const,
  requesterId,
});
