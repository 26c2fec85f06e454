import { expect, test } from "@playwright/test";
import { openApiContract, type OpenApiDocument } from "../tests/openapi-contract";
import { demoTokenOf, signInAs, type DEMO } from "./sign-in";

// The OpenAPI document the built portal serves, held against what the same server answers over
// HTTP: a client generated from /api/v1/openapi.json gets exactly the shapes it was promised.

test("the served OpenAPI document describes what the live API answers, on success and on refusal", async ({ baseURL }) => {
  const document = (await (await fetch(`${baseURL}/api/v1/openapi.json`)).json()) as OpenApiDocument;
  const contract = await openApiContract(document);
  const send = async (method: "GET" | "POST", path: string, apiPath: string, who: keyof typeof DEMO | null, body?: unknown) => {
    const headers: Record<string, string> = { "content-type": "application/json", ...(who ? { authorization: `Bearer ${await demoTokenOf(who)}` } : {}) };
    const response = await fetch(`${baseURL}/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    await contract.check(method, apiPath, response);
    return response;
  };

  expect((await send("GET", "/applications", "/applications", "owner")).status).toBe(200);
  const books = await send("GET", "/applications/books", "/applications/{name}", "oncall");
  expect(books.status).toBe(200);
  const { runs } = (await books.json()) as { runs: Array<{ id: string }> };
  for (const run of runs.slice(0, 3)) expect((await send("GET", `/runs/${run.id}`, "/runs/{id}", "oncall")).status).toBe(200);
  expect((await send("GET", "/applications/books/drift", "/applications/{name}/drift", "oncall")).status).toBe(200);
  expect((await send("GET", "/orders", "/orders", "approver")).status).toBe(200);
  expect((await send("GET", "/orders", "/orders", "owner")).status).toBe(200);

  expect((await send("GET", "/applications", "/applications", null)).status).toBe(401);
  expect((await send("GET", "/applications/no-such-app", "/applications/{name}", "oncall")).status).toBe(404);
  expect((await send("POST", "/runs", "/runs", "owner", { applicationName: "books", kind: "DRILL", reason: "contract test", confirmation: "books" })).status).toBe(403);
  expect((await send("POST", "/runs", "/runs", "oncall", { applicationName: "books", kind: "SIDEWAYS", reason: "x", confirmation: "books" })).status).toBe(400);
  expect((await send("POST", "/orders/no-such-order/decision", "/orders/{id}/decision", "approver", { decision: "approve", note: "" })).status).toBe(404);
  expect([...contract.checked].sort()).toEqual(
    expect.arrayContaining([
      "GET /applications 200",
      "GET /applications 401",
      "GET /applications/{name} 200",
      "GET /applications/{name} 404",
      "GET /applications/{name}/drift 200",
      "GET /orders 200",
      "POST /runs 400",
      "POST /runs 403",
      "POST /orders/{id}/decision 404",
    ]),
  );
});

test("an owner creates an API token in the browser, a script uses it, and revoking it shuts the script out", async ({ page, baseURL }) => {
  await signInAs(page, "owner");
  await page.goto("/account/tokens");
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.locator("#error-name")).toBeVisible();
  await page.getByLabel("New token for").fill("nightly report of books");
  await page.getByRole("button", { name: "Create token" }).click();
  const token = await page.getByLabel("The token for nightly report of books").inputValue();
  expect(token).toMatch(/^ctm_/);
  const asScript = () => fetch(`${baseURL}/api/v1/applications`, { headers: { authorization: `Bearer ${token}` } });
  expect((await asScript()).status).toBe(200);

  const row = page.getByTestId("token-nightly report of books");
  await expect(row).toContainText(token.slice(0, 8));
  await row.getByRole("button", { name: "Revoke" }).click();
  await expect(row).toContainText("revoked");
  expect((await asScript()).status).toBe(401);
});
