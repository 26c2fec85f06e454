import { readdir } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { createApiToken } from "@/lib/api-tokens/api-tokens";
import type { Role } from "@/lib/generated/prisma/enums";
import { actAs, pointActionsAtDatabase, signedIn } from "@/tests/act-as";
import { anOrder, approveAnOrder, TEST_ORDER_SETTINGS } from "@/tests/orders";
import { createTestDatabase, type TestDatabase } from "@/tests/test-database";
import { submitOrder } from "@/lib/orders/submit-order";
import { loadRegionConfig } from "@/lib/regions/region-config";
import { syncRegions } from "@/lib/regions/sync-regions";
import { startTestSimulator } from "@/tests/simulator";
import { rereadConfig } from "@/lib/config/config";

// Every server action and every API route, called by every role and by nobody, against the role
// table of DESIGN.md written out here by hand (not read from lib/auth/roles.ts, which is what is
// under test). A new action or route fails this test until someone decides who may call it.

vi.mock("@/lib/auth/session", async () => (await import("@/tests/act-as")).sessionMock());
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

type Caller = Role | "nobody";
const CALLERS: Caller[] = ["nobody", "OWNER", "APPROVER", "ONCALL", "ADMIN"];
const EVERY_ROLE: Role[] = ["OWNER", "APPROVER", "ONCALL", "ADMIN"];

/** DESIGN.md: owner orders and cancels own orders; the platform team decides and manages regions; on-call runs failovers; admin everything. */
const ACTIONS_ALLOWED: Record<string, Role[]> = {
  submitOrderAction: ["OWNER", "ADMIN"],
  checkApplicationNameAction: ["OWNER", "ADMIN"],
  cancelOrderAction: ["OWNER", "ADMIN"],
  requestRetirementAction: ["OWNER", "ADMIN"],
  requestChangeAction: ["OWNER", "ADMIN"],
  decideOrderAction: ["APPROVER", "ADMIN"],
  retryProvisioningAction: ["APPROVER", "ADMIN"],
  retryChangeAction: ["APPROVER", "ADMIN"],
  repairPairingAction: ["APPROVER", "ADMIN"],
  // Read-only: anyone who may see the application (owners only their own, checked below).
  verifyPairingAction: EVERY_ROLE,
  // DR sync writes only to the passive namespace: owners (their own), the platform team, on-call.
  requestDrSyncAction: EVERY_ROLE,
  setSyncScheduleAction: EVERY_ROLE,
  startRunAction: ["ONCALL", "ADMIN"],
  resumeRunAction: ["ONCALL", "ADMIN"],
  abortRunAction: ["ONCALL", "ADMIN"],
  startRegionFailoverAction: ["ONCALL", "ADMIN"],
  startRebalanceAction: ["ONCALL", "ADMIN"],
  setRegionEnabledAction: ["APPROVER", "ADMIN"],
  setUserRoleAction: ["ADMIN"],
  // Everyone manages their own tokens, which act with their own role.
  createApiTokenAction: EVERY_ROLE,
  revokeApiTokenAction: EVERY_ROLE,
};

/** "public": no sign-in at all; "metrics-token": the scraper's bearer token; otherwise the roles with access. */
const ROUTES_ALLOWED: Record<string, Role[] | "public" | "metrics-token" | "sign-in"> = {
  "GET /api/health": "public",
  "GET /api/metrics": "metrics-token",
  "GET /api/auth/[...nextauth]": "sign-in",
  "POST /api/auth/[...nextauth]": "sign-in",
  "GET /api/runs/[id]": EVERY_ROLE, // the run of an application the caller may see (checked below)
  "GET /api/region-failovers/[id]": ["APPROVER", "ONCALL", "ADMIN"],
  "GET /api/dashboard": ["APPROVER", "ONCALL", "ADMIN"],
  "GET /api/v1/openapi.json": "public",
  "GET /api/v1/applications": EVERY_ROLE, // owners get their own only (checked below)
  "GET /api/v1/applications/[name]": EVERY_ROLE,
  "GET /api/v1/applications/[name]/drift": EVERY_ROLE,
  "POST /api/v1/applications/[name]/sync": EVERY_ROLE,
  "POST /api/v1/applications/[name]/changes": ["OWNER", "ADMIN"],
  "GET /api/v1/orders": EVERY_ROLE,
  "POST /api/v1/orders": ["OWNER", "ADMIN"],
  "POST /api/v1/orders/[id]/decision": ["APPROVER", "ADMIN"],
  "POST /api/v1/runs": ["ONCALL", "ADMIN"],
  "GET /api/v1/runs/[id]": EVERY_ROLE,
  "POST /api/v1/runs/[id]/retry": ["ONCALL", "ADMIN"],
  "POST /api/v1/runs/[id]/abort": ["ONCALL", "ADMIN"],
};

type Verdict = "signed-out" | "refused" | "allowed";

async function findFiles(dir: string, name: RegExp): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && name.test(e.name)).map((e) => path.join(e.parentPath, e.name));
}

type Action = (input: unknown) => Promise<{ ok: boolean; error?: string }>;
type Route = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

const actions: Record<string, Action> = {};
const routes: Record<string, Route> = {};
const sim = await startTestSimulator({ seed: false });
let t: TestDatabase;
const tokens: Partial<Record<Role, string>> = {};

beforeAll(async () => {
  process.env.CONTINUUM_KUBECONFIG = path.join(sim.dir, "kubeconfig");
  process.env.CONTINUUM_CLOUDS_YAML = path.join(sim.dir, "clouds.yaml");
  process.env.CONTINUUM_METRICS_TOKEN = "metrics-scraper-token";
  rereadConfig();
  t = await createTestDatabase();
  pointActionsAtDatabase(t.url);
  await syncRegions(t.db, loadRegionConfig());
  for (const file of await findFiles("lib/actions", /^[a-z-]+\.ts$/)) {
    if (file.endsWith("define-action.ts")) continue;
    for (const [name, value] of Object.entries(await import(/* @vite-ignore */ path.resolve(file)))) if (name.endsWith("Action")) actions[name] = value as Action;
  }
  for (const file of await findFiles("app/api", /^route\.ts$/)) {
    const routePath = "/" + path.dirname(file).replace(/^app\//, "");
    for (const [method, value] of Object.entries(await import(/* @vite-ignore */ path.resolve(file)))) if (/^(GET|POST|PUT|PATCH|DELETE)$/.test(method)) routes[`${method} ${routePath}`] = value as Route;
  }
  for (const role of EVERY_ROLE) tokens[role] = (await createApiToken(t.db, await actAs(t.db, role), "matrix")).token;
});

async function actionVerdict(action: Action, caller: Caller): Promise<Verdict> {
  if (caller === "nobody") signedIn.user = null;
  else await actAs(t.db, caller);
  // An empty input: an allowed caller gets as far as validation, and nothing can change.
  const result = await action({});
  expect(result.ok, "an empty input never succeeds").toBe(false);
  if (/^You are signed out/.test(result.error!)) return "signed-out";
  if (/^Only .+ can .+\. You are signed in as/.test(result.error!)) return "refused";
  return "allowed";
}

async function routeVerdict(route: Route, method: string, caller: Caller, auth: "session" | "token" | "metrics"): Promise<Verdict> {
  signedIn.user = null;
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (caller !== "nobody") {
    if (auth === "session") await actAs(t.db, caller);
    if (auth === "token") headers.authorization = `Bearer ${tokens[caller]}`;
  }
  if (auth === "metrics" && caller === "ADMIN") headers.authorization = "Bearer metrics-scraper-token";
  const request = new Request("http://portal.test/api", { method, headers, body: method === "GET" ? undefined : "{}" });
  const response = await route(request, { params: Promise.resolve({ id: "no-such-id", name: "no-such-application" }) });
  expect(response.status, "never a server error").toBeLessThan(500);
  if (response.status === 401) return "signed-out";
  if (response.status === 403) return "refused";
  return "allowed";
}

const expectedVerdict = (allowed: Role[], caller: Caller): Verdict => (caller === "nobody" ? "signed-out" : allowed.includes(caller) ? "allowed" : "refused");

describe("who may call what", () => {
  it("every server action in lib/actions is in the role table, and the table names no action that is gone", () => {
    expect(Object.keys(actions).sort()).toEqual(Object.keys(ACTIONS_ALLOWED).sort());
  });

  it("every API route under app/api is in the role table, and the table names no route that is gone", () => {
    expect(Object.keys(routes).sort()).toEqual(Object.keys(ROUTES_ALLOWED).sort());
  });

  it("each server action answers each role and a signed-out visitor as the table says, and changes nothing", async () => {
    const before = await rowCounts();
    const seen: Record<string, Record<Caller, Verdict>> = {};
    const expected: typeof seen = {};
    for (const [name, action] of Object.entries(actions)) {
      seen[name] = {} as Record<Caller, Verdict>;
      expected[name] = {} as Record<Caller, Verdict>;
      for (const caller of CALLERS) {
        seen[name][caller] = await actionVerdict(action, caller);
        expected[name][caller] = expectedVerdict(ACTIONS_ALLOWED[name]!, caller);
      }
    }
    expect(seen).toEqual(expected);
    expect(await rowCounts()).toEqual(before);
  });

  it("each API route answers each role (by token or session) and no credentials as the table says, never with a 500", async () => {
    const seen: Record<string, Record<Caller, Verdict>> = {};
    const expected: typeof seen = {};
    for (const [key, route] of Object.entries(routes)) {
      const rule = ROUTES_ALLOWED[key]!;
      if (rule === "sign-in") continue; // next-auth's own sign-in endpoints, reachable by design
      const [method, routePath] = key.split(" ") as [string, string];
      const auth = rule === "metrics-token" ? "metrics" : routePath.startsWith("/api/v1/") ? "token" : "session";
      seen[key] = {} as Record<Caller, Verdict>;
      expected[key] = {} as Record<Caller, Verdict>;
      for (const caller of CALLERS) {
        seen[key][caller] = await routeVerdict(route, method, caller, auth);
        // The metrics scraper is not a person: "ADMIN" stands for the caller holding its token.
        expected[key][caller] =
          rule === "public" ? "allowed" : rule === "metrics-token" ? (caller === "ADMIN" ? "allowed" : "signed-out") : expectedVerdict(rule as Role[], caller);
      }
    }
    expect(seen).toEqual(expected);
  });

  it("a session does not open the API, and an API token does not open a session route", async () => {
    await actAs(t.db, "ADMIN");
    const apiWithSession = await routes["GET /api/v1/applications"]!(new Request("http://portal.test/api/v1/applications"), { params: Promise.resolve({}) });
    expect(apiWithSession.status).toBe(401);
    signedIn.user = null;
    const sessionRouteWithToken = await routes["GET /api/runs/[id]"]!(new Request("http://portal.test/api/runs/x", { headers: { authorization: `Bearer ${tokens.ADMIN}` } }), { params: Promise.resolve({ id: "x" }) });
    expect(sessionRouteWithToken.status).toBe(401);
  });
});

describe("an owner sees and touches only their own", () => {
  let orderOfOther: string;

  beforeAll(async () => {
    const alice = await actAs(t.db, "OWNER", "alice@owners.example");
    const approver = await actAs(t.db, "APPROVER", "approver@owners.example");
    await approveAnOrder(t.db, anOrder({ applicationName: "alices-shop", environments: ["prod"] }), alice, approver);
    orderOfOther = (await submitOrder(t.db, anOrder({ applicationName: "alices-pending", environments: ["prod"] }), { ...alice, groups: [] }, TEST_ORDER_SETTINGS)).id;
    tokens.OWNER = (await createApiToken(t.db, await actAs(t.db, "OWNER", "bob@owners.example"), "bob's")).token;
  });

  it("another owner cannot cancel the order, verify the pairing, or read the application", async () => {
    await actAs(t.db, "OWNER", "bob@owners.example");
    expect(await actions.cancelOrderAction!({ orderId: orderOfOther })).toMatchObject({ ok: false });
    expect(await t.db.order.findUniqueOrThrow({ where: { id: orderOfOther } })).toMatchObject({ status: "SUBMITTED" });
    expect(await actions.verifyPairingAction!({ applicationName: "alices-shop" })).toEqual({ ok: false, code: "not-found", error: "That application does not exist or is not yours." });
    const read = await routes["GET /api/v1/applications/[name]"]!(new Request("http://portal.test/api", { headers: { authorization: `Bearer ${tokens.OWNER}` } }), { params: Promise.resolve({ name: "alices-shop" }) });
    expect(read.status).toBe(404);
    const list = await routes["GET /api/v1/applications"]!(new Request("http://portal.test/api", { headers: { authorization: `Bearer ${tokens.OWNER}` } }), { params: Promise.resolve({}) });
    expect(((await list.json()) as { applications: unknown[] }).applications).toEqual([]);
    const orders = await routes["GET /api/v1/orders"]!(new Request("http://portal.test/api", { headers: { authorization: `Bearer ${tokens.OWNER}` } }), { params: Promise.resolve({}) });
    expect(((await orders.json()) as { orders: unknown[] }).orders).toEqual([]);
  });
});

async function rowCounts() {
  return {
    orders: await t.db.order.count(),
    applications: await t.db.application.count(),
    runs: await t.db.failoverRun.count(),
    tokens: await t.db.apiToken.count(),
    users: await t.db.user.findMany({ select: { email: true, role: true }, orderBy: { email: "asc" } }),
  };
}
