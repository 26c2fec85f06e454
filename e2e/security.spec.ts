import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { portalHome, portalLog } from "../playwright.config";
import { passGuard } from "./guard";
import { captureServerAction, replayHeaders } from "./server-actions";
import { demoTokenOf, signInAs, type DEMO } from "./sign-in";

// What an attacker or a careless screen could get: a server action posted from another site,
// and any secret of the platform (cluster tokens, the OpenStack password, a volume transfer's
// auth_key, the session secret) in a page, the browser's JavaScript, an API answer or the log.

const simulatorAdmin = async () => JSON.parse(await readFile(path.join(portalHome, "sim", "simulator.json"), "utf8")).adminUrl as string;

/** The browser's own server-action request for a DR drill of books, captured, not sent. */
async function captureDrillAction(page: Page) {
  await page.goto("/applications/books/runs/new?kind=DRILL");
  return captureServerAction(page, "**/applications/books/runs/new**", async () => {
    await passGuard(page, { reason: "security test: a drill by replayed request", name: "books", verb: /Start the drill in/ });
  });
}


const runsOfBooks = async (request: APIRequestContext) => {
  const response = await request.get("/api/v1/applications/books", { headers: { authorization: `Bearer ${await demoTokenOf("oncall")}` } });
  return ((await response.json()) as { runs: Array<{ id: string; kind: string; status: string }> }).runs;
};

test("a server action posted from another site is refused; the same request from the portal's own page goes through", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  await signInAs(page, "oncall");
  const captured = await captureDrillAction(page);
  const replay = (origin: string) => page.request.post(captured.url, { headers: replayHeaders(captured, { origin }), data: captured.body });
  const before = (await runsOfBooks(page.request)).length;

  const forged = await replay("https://evil.example");
  expect(forged.status()).toBe(500);
  expect(await forged.text()).not.toContain("runId");
  expect(await runsOfBooks(page.request)).toHaveLength(before);

  const own = await replay(new URL(baseURL!).origin);
  expect(own.status()).toBe(200);
  expect(await own.text()).toContain("runId");
  const runs = await runsOfBooks(page.request);
  expect(runs).toHaveLength(before + 1);
  await expect.poll(async () => (await runsOfBooks(page.request))[0]!.status, { timeout: 90_000 }).toBe("SUCCEEDED");
});

test("the session cookie cannot be read by scripts or sent by other sites' forms", async ({ page, context }) => {
  await signInAs(page, "owner");
  const session = (await context.cookies()).find((c) => c.name.endsWith("next-auth.session-token"));
  expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax" });
});

const PAGES = ["/", "/dashboard", "/orders", "/orders/new", "/approvals", "/audit", "/costs", "/runs", "/applications/books", "/applications/books/runs/new?kind=DRILL", "/regions/europe-west/failover", "/admin/users", "/account/tokens"];

test("no cluster token, OpenStack password, transfer auth_key or session secret in any page, client bundle, API answer or log line", async ({ browser, request }) => {
  test.setTimeout(120_000);
  const secrets = (await (await request.get(`${await simulatorAdmin()}/secrets`)).json()) as { clusterTokens: string[]; openstackPassword: string; dnsKeySecret: string; transferAuthKeys: string[] };
  // The drill above moved copies of books' volume: at least one transfer was made and accepted.
  expect(secrets.transferAuthKeys.length).toBeGreaterThan(0);
  const wanted: Record<string, string> = {
    "session secret": (await readFile(path.join(portalHome, "auth-secret"), "utf8")).trim(),
    "OpenStack password": secrets.openstackPassword,
    "DNS TSIG secret": secrets.dnsKeySecret,
    ...Object.fromEntries(secrets.clusterTokens.map((token, i) => [`cluster token ${i + 1}`, token])),
    ...Object.fromEntries(secrets.transferAuthKeys.map((key, i) => [`transfer auth_key ${i + 1}`, key])),
  };

  const places: Array<[string, string]> = [];
  // Every page as every role, as the server sent it (HTML with the React payload inside).
  for (const role of ["owner", "approver", "oncall", "admin"] as Array<keyof typeof DEMO>) {
    const page = await browser.newPage();
    await signInAs(page, role);
    const runIds = (await runsOfBooks(page.request)).map((r) => r.id);
    for (const target of [...PAGES, ...runIds.map((id) => `/runs/${id}`), ...runIds.map((id) => `/api/runs/${id}`)]) {
      const response = await page.request.get(target);
      expect(response.status(), `${role} ${target}`).toBeLessThan(500);
      places.push([`${target} as ${role}`, await response.text()]);
    }
    await page.close();
  }
  // The API as on-call, and what needs no sign-in.
  const token = await demoTokenOf("oncall");
  for (const target of ["/api/v1/applications", "/api/v1/applications/books", "/api/v1/orders", "/api/v1/openapi.json", "/api/metrics", "/api/health"]) {
    places.push([target, await (await request.get(target, { headers: { authorization: `Bearer ${token}` } })).text()]);
  }
  for (const run of await runsOfBooks(request)) places.push([`/api/v1/runs/${run.id}`, await (await request.get(`/api/v1/runs/${run.id}`, { headers: { authorization: `Bearer ${token}` } })).text()]);
  // Everything the browser can download.
  const staticDir = path.join(process.cwd(), ".next", "static");
  for (const entry of await readdir(staticDir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && /\.(js|css|json|html|txt)$/.test(entry.name)) places.push([path.relative(process.cwd(), path.join(entry.parentPath, entry.name)), await readFile(path.join(entry.parentPath, entry.name), "utf8")]);
  }
  // Every line the portal wrote while these tests ran, runs and failovers included.
  const logLines = (await readFile(portalLog, "utf8")).split("\n");
  expect(logLines.length).toBeGreaterThan(20);
  logLines.forEach((line, i) => places.push([`log line ${i + 1}`, line]));

  const leaks = [];
  for (const [where, text] of places) for (const [what, secret] of Object.entries(wanted)) if (secret.length >= 8 && (text.includes(secret) || text.includes(encodeURIComponent(secret)))) leaks.push(`${what} in ${where}`);
  expect(leaks).toEqual([]);
  expect(places.length).toBeGreaterThan(100);
});
