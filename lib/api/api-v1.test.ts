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
import { abortRunRoute, getApplicationRoute, getRunRoute, listApplicationsRoute, requestChangeRoute, retryRunRoute, startRunRoute } from "./api-v1";
import { MAX_BODY_BYTES } from "./define-api-route";
import { openApiDocument } from "./openapi";

// What a pipeline does on every release: start a DR drill with its token, poll it, fail the
// release if the drill fails. Through the real route handlers, with real Requests.

const sim = await startTestSimulator({ seed: false });
let t: TestDatabase;
let supervisor: RunSupervisor;
let tokens: { oncall: string; owner: string };

beforeAll(async () => {
  t = await prepareActionsAgainstSimulator(sim.dir);
  const people = await createPeople(t.db, "pipeline.example");
  await provisionedDrApplication(t.db, regionClients(), people, "shop");
  await deployWorkloads(sim.dir, "europe-west", "shop-prod", "shop");
  tokens = { oncall: (await createApiToken(t.db, people.oncall, "release pipeline")).token, owner: (await createApiToken(t.db, people.owner, "owner's laptop")).token };
  supervisor = startRunSupervisor(t.db, regionClients(), TEST_RUN_SETTINGS);
});
afterAll(() => supervisor?.stop());

const call = (handler: (r: Request, c: { params: Promise<Record<string, string>> }) => Promise<Response>, token: string | null, init: { method?: string; body?: unknown; params?: Record<string, string> } = {}) =>
  handler(
    new Request("http://portal/api/v1", { method: init.method ?? "GET", headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), "content-type": "application/json" }, body: init.body === undefined ? undefined : JSON.stringify(init.body) }),
    { params: Promise.resolve(init.params ?? {}) },
  );

const drill = { applicationName: "shop", kind: "DRILL", reason: "release 4.2 pipeline drill", confirmation: "shop" };

describe("/api/v1 for a pipeline", () => {
  it("starts a DR drill with a token, polls it to completion and reads its RTO", async () => {
    const started = await call(startRunRoute, tokens.oncall, { method: "POST", body: drill });
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
    const bad = await call(startRunRoute, tokens.oncall, { method: "POST", body: { ...drill, reason: "x" } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ fieldErrors: { reason: [expect.stringMatching(/at least 10 characters/)] } });
    const wrongName = await call(startRunRoute, tokens.oncall, { method: "POST", body: { ...drill, confirmation: "shopp" } });
    expect(wrongName.status).toBe(400);
  });

  it("refuses no token, a revoked token, and a token whose user may not start runs", async () => {
    expect((await call(listApplicationsRoute, null)).status).toBe(401);
    const owner = await call(startRunRoute, tokens.owner, { method: "POST", body: drill });
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
      const { id } = (await (await call(startRunRoute, tokens.oncall, { method: "POST", body: { ...drill, reason: "drill that meets an outage" } })).json()) as { id: string };
      const stopped = await settledRun(id, ["WAITING", "SUCCEEDED"]);
      await sim.admin("PUT", "/regions/europe-east/faults", { failTransferAccepts: 0 });
      return { id, stopped };
    };

    const first = await stoppedDrill();
    expect(first.stopped).toMatchObject({ status: "WAITING", error: expect.stringMatching(/did not accept the transfer/), actions: { retry: `/api/v1/runs/${first.id}/retry`, abort: `/api/v1/runs/${first.id}/abort` } });
    // The owner may read it but not act on it: no actions for them, and 403 when they try.
    expect(((await (await call(getRunRoute, tokens.owner, { params: { id: first.id } })).json()) as RunBody).actions).toBeNull();
    expect((await call(retryRunRoute, tokens.owner, { method: "POST", params: { id: first.id } })).status).toBe(403);
    const retried = await call(retryRunRoute, tokens.oncall, { method: "POST", params: { id: first.id } });
    expect(retried.status).toBe(202);
    expect(await retried.json()).toMatchObject({ id: first.id, url: `/api/v1/runs/${first.id}` });
    expect(await settledRun(first.id, ["SUCCEEDED", "WAITING"])).toMatchObject({ status: "SUCCEEDED", actions: null });
    const again = await call(retryRunRoute, tokens.oncall, { method: "POST", params: { id: first.id } });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: "conflict", error: expect.stringMatching(/not stopped at a failed step/) });

    const second = await stoppedDrill();
    expect(second.stopped.status).toBe("WAITING");
    expect((await call(abortRunRoute, tokens.oncall, { method: "POST", params: { id: second.id } })).status).toBe(202);
    expect((await settledRun(second.id, ["ABORTED", "WAITING"])).status).toBe("ABORTED");
    expect((await call(abortRunRoute, tokens.oncall, { method: "POST", params: { id: "no-such-run" } })).status).toBe(404);
    expect((await call(retryRunRoute, tokens.oncall, { method: "POST", params: { id: "no-such-run" } })).status).toBe(404);
  });

  it("answers impossible names with 404, oversized bodies with 413, and every refusal with its code", async () => {
    for (const name of ["\u0000", "shop\u0000", "x".repeat(300)]) {
      const response = await call(getApplicationRoute, tokens.owner, { params: { name } });
      expect(response.status, JSON.stringify(name)).toBe(404);
      expect(await response.json()).toMatchObject({ code: "not-found" });
    }
    // Next gives a route without dynamic segments no params at all.
    const noParams = await listApplicationsRoute(new Request("http://portal/api/v1/applications", { headers: { authorization: `Bearer ${tokens.owner}` } }), { params: Promise.resolve(undefined as unknown as Record<string, string>) });
    expect(noParams.status).toBe(200);
    const unknown = await call(startRunRoute, tokens.oncall, { method: "POST", body: { ...drill, applicationName: "nobodys", confirmation: "nobodys" } });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ code: "not-found", error: "There is no application called nobodys." });
    const nul = await call(startRunRoute, tokens.oncall, { method: "POST", body: { ...drill, reason: "release 4.2\u0000 pipeline drill" } });
    expect(nul.status).toBe(400);
    expect(await nul.json()).toMatchObject({ code: "invalid", fieldErrors: { reason: [expect.stringMatching(/control character/)] } });
    const huge = JSON.stringify({ ...drill, reason: "x".repeat(10 * 1024 * 1024) });
    const big = await startRunRoute(new Request("http://portal/api/v1/runs", { method: "POST", headers: { authorization: `Bearer ${tokens.oncall}`, "content-type": "application/json" }, body: huge }), { params: Promise.resolve({}) });
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ code: "too-large", error: expect.stringContaining(`${MAX_BODY_BYTES / 1024} KiB`) });
    // Without a Content-Length (a chunked upload) the limit holds as the body streams in.
    const stream = new ReadableStream({ pull: (c) => c.enqueue(new TextEncoder().encode("x".repeat(64 * 1024))) });
    const chunked = await startRunRoute(new Request("http://portal/api/v1/runs", { method: "POST", headers: { authorization: `Bearer ${tokens.oncall}` }, body: stream, duplex: "half" } as RequestInit), { params: Promise.resolve({}) });
    expect(chunked.status).toBe(413);
  });

  it("throttles an address that keeps sending wrong tokens, and says so in the audit log", async () => {
    const from = (address: string, token: string) =>
      listApplicationsRoute(new Request("http://portal/api/v1/applications", { headers: { authorization: `Bearer ${token}`, "x-forwarded-for": `${address}, 10.0.0.1` } }), { params: Promise.resolve({}) });
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
    const asked = await call(requestChangeRoute, tokens.owner, { method: "POST", body: change, params: { name: "shop" } });
    expect(asked.status).toBe(201);
    expect(await asked.json()).toMatchObject({ kind: "CHANGE", status: "SUBMITTED", quotaSize: "MEDIUM", addRegions: [], changeFrom: { quotaSize: "SMALL", regions: ["europe-east", "europe-west"] } });
    const again = await call(requestChangeRoute, tokens.owner, { method: "POST", body: change, params: { name: "shop" } });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: expect.stringMatching(/^A change of shop is already waiting for approval/) });
    const region = await call(requestChangeRoute, tokens.owner, { method: "POST", body: { ...change, addRegions: ["mars-north"] }, params: { name: "shop" } });
    expect(region.status).toBe(400);
    expect(await region.json()).toMatchObject({ fieldErrors: { addRegions: [expect.stringMatching(/"mars-north" is not a region you can order in/)] } });
    expect((await call(requestChangeRoute, tokens.owner, { method: "POST", body: change, params: { name: "nobodys" } })).status).toBe(404);
    expect((await call(requestChangeRoute, tokens.oncall, { method: "POST", body: change, params: { name: "shop" } })).status).toBe(403);
  });

  it("describes itself in OpenAPI 3, with request bodies from the routes' own schemas", async () => {
    const doc = (await openApiDocument(t.db)) as unknown as { openapi: string; paths: Record<string, unknown>; components: { schemas: Record<string, { properties?: Record<string, { enum?: string[] }>; required?: string[] }> } };
    expect(doc.openapi).toBe("3.0.3");
    // Every route under app/api/v1, with each of its methods, is described.
    const routeFiles = (await readdir("app/api/v1", { recursive: true })).filter((f) => f.endsWith("route.ts") && !f.startsWith("openapi.json"));
    for (const file of routeFiles) {
      const apiPath = "/" + path.dirname(file).replace(/\[(\w+)\]/g, "{$1}");
      const methods = Object.keys(await import(/* @vite-ignore */ path.resolve("app/api/v1", file))).filter((k) => /^(GET|POST|PUT|PATCH|DELETE)$/.test(k));
      for (const method of methods) expect(doc.paths[apiPath], `${method} ${apiPath} is in the OpenAPI document`).toHaveProperty(method.toLowerCase());
    }
    expect(routeFiles.length).toBeGreaterThan(6);
    expect(doc.components.schemas.StartRun!.properties!.kind!.enum).toEqual(["FAILOVER", "FAILBACK", "DRILL"]);
    expect(doc.components.schemas.OrderInput!.required).toEqual(expect.arrayContaining(["applicationName", "costCenter", "profile"]));
  });
});
