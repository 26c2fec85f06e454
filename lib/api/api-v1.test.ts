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
import { getRunRoute, listApplicationsRoute, requestChangeRoute, startRunRoute } from "./api-v1";
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
