import { expect, test } from "@playwright/test";
import { demoTokenOf, signInAs } from "./sign-in";

// A multi-site application ordered and approved through the API, then changed through the pages:
// the owner asks for a larger quota and a third region, an approver approves in the same queue as
// orders, and the application ends with a namespace in the new region and the new quota.

test("an owner asks for a larger quota and a third region, an approver approves, and the application has both", async ({ page, browser, request }) => {
  test.setTimeout(120_000);
  const owner = { authorization: `Bearer ${await demoTokenOf("owner")}` };
  const order = { profile: "MULTI_SITE", applicationName: "pricing", description: "The price list API.", ownerGroup: "team-books", environments: ["prod"], regions: ["europe-west", "europe-east"], quotaSize: "SMALL", costCenter: "CC-10420", justification: "Read by every shop; must survive a region." };
  const submitted = await request.post("/api/v1/orders", { headers: owner, data: order });
  expect(submitted.status()).toBe(201);
  const { id } = (await submitted.json()) as { id: string };
  expect((await request.post(`/api/v1/orders/${id}/decision`, { headers: { authorization: `Bearer ${await demoTokenOf("approver")}` }, data: { decision: "approve" } })).status()).toBe(200);
  await expect.poll(async () => ((await (await request.get("/api/v1/applications/pricing", { headers: owner })).json()) as { status: string }).status, { timeout: 60_000 }).toBe("READY");

  await signInAs(page, "owner");
  await page.goto("/applications/pricing");
  await page.getByTestId("change-link").click();
  await expect(page.getByRole("heading", { name: "Change pricing" })).toBeVisible();
  // Two small production namespaces now (2 × 120 × 1.1 = 264); three large ones after (3 × 1,200 × 1.1 = 3,960).
  await page.getByLabel(/^Large/).check();
  await page.getByLabel(/europe-north|North/i).check();
  await expect(page.getByTestId("change-estimate")).toContainText("€264 now → €3,960 after (+€3,696)");
  await page.getByLabel("Why is the change needed?").fill("Nordic shops open in spring; a third region gives quorum.");
  await page.getByRole("button", { name: "Ask for this change" }).click();

  await expect(page.getByRole("heading", { name: /Change pricing/ })).toBeVisible();
  await expect(page.getByTestId("change-quota")).toContainText("Large");
  await expect(page.getByTestId("change-regions")).toHaveText("+ europe-north (pricing-prod)");
  // While it waits, no second change can be asked for.
  await page.goto("/applications/pricing");
  await expect(page.getByTestId("pending-change")).toContainText("A change of it is waiting for approval");
  await expect(page.getByTestId("change-link")).toHaveCount(0);

  const approver = await browser.newPage();
  await signInAs(approver, "approver");
  await approver.goto("/approvals");
  await approver.getByTestId("order-change-pricing").getByRole("link", { name: "pricing" }).click();
  await expect(approver.getByTestId("change-cost")).toContainText("€3,960");
  await approver.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(approver.getByRole("button", { name: "Approve", exact: true })).toHaveCount(0);
  // The order page follows the job by itself until the change is in place.
  await expect(approver.getByTestId("order-next")).toContainText("Done: the change is in place in every region.", { timeout: 60_000 });
  await approver.close();

  await page.goto("/applications/pricing");
  await expect(page.getByTestId("region-europe-north")).toContainText("pricing-prod");
  await expect(page.getByTestId("region-europe-north")).toContainText("created");
  await expect(page.getByText(/Large quota/)).toBeVisible();
  await expect(page.getByTestId("change-link")).toBeVisible();
  const api = (await (await request.get("/api/v1/applications/pricing", { headers: owner })).json()) as { quotaSize: string; namespaces: Array<{ region: string; status: string }> };
  expect(api.quotaSize).toBe("LARGE");
  expect(api.namespaces.map((ns) => `${ns.region}:${ns.status}`).sort()).toEqual(["europe-east:CREATED", "europe-north:CREATED", "europe-west:CREATED"]);
});
