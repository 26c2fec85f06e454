import { expect, test } from "@playwright/test";
import { demoTokenOf, signInAs } from "./sign-in";

// An application ordered and approved through the API, then retired through the pages: the
// owner asks, an approver approves in the same queue as orders, and the application ends retired.


test("an owner asks to retire an application, an approver approves it, and it is retired with its history kept", async ({ page, browser, request }) => {
  test.setTimeout(120_000);
  const order = { profile: "SINGLE_SITE", applicationName: "old-wiki", description: "The team wiki before the move.", ownerGroup: "team-books", environments: ["prod"], regions: ["europe-west"], quotaSize: "SMALL", costCenter: "CC-10420", justification: "Kept until the move to the new wiki is done." };
  const submitted = await request.post("/api/v1/orders", { headers: { authorization: `Bearer ${await demoTokenOf("owner")}` }, data: order });
  expect(submitted.status()).toBe(201);
  const { id } = (await submitted.json()) as { id: string };
  expect((await request.post(`/api/v1/orders/${id}/decision`, { headers: { authorization: `Bearer ${await demoTokenOf("approver")}` }, data: { decision: "approve" } })).status()).toBe(200);
  await expect
    .poll(async () => ((await (await request.get("/api/v1/applications/old-wiki", { headers: { authorization: `Bearer ${await demoTokenOf("owner")}` } })).json()) as { status: string }).status, { timeout: 60_000 })
    .toBe("READY");

  await signInAs(page, "owner");
  await page.goto("/applications/old-wiki");
  await page.getByTestId("retire-link").click();
  await expect(page.getByTestId("retire-namespaces")).toContainText("old-wiki-prod");
  await page.getByLabel("Why can it go?").fill("The new wiki has taken over; nobody has opened this one since October.");
  await page.getByRole("button", { name: "Ask to retire old-wiki…" }).click();
  const dialog = page.getByRole("dialog", { name: "Ask to retire old-wiki?" });
  const ask = dialog.getByRole("button", { name: "Ask to retire old-wiki" });
  await expect(ask).toBeDisabled();
  await dialog.getByTestId("confirm-name").fill("old-wiki");
  await ask.click();
  await expect(page.getByRole("heading", { name: /Retire old-wiki/ })).toBeVisible();
  await expect(page.getByTestId("retirement-summary")).toContainText("no Cinder volumes");

  const approver = await browser.newPage();
  await signInAs(approver, "approver");
  await approver.goto("/approvals");
  await approver.getByTestId("order-retire-old-wiki").getByRole("link", { name: "old-wiki" }).click();
  await approver.getByRole("button", { name: "Approve retiring old-wiki" }).click();
  // Decided: the form is gone.
  await expect(approver.getByRole("button", { name: "Approve retiring old-wiki" })).toHaveCount(0);

  await expect
    .poll(async () => {
      await page.goto("/applications/old-wiki");
      return page.getByTestId("application-status").textContent();
    }, { timeout: 60_000, intervals: [1000] })
    .toBe("Retired");
  // Its history stays: both orders are on the application's page.
  await expect(page.getByText("Retired; its history stays readable.")).toBeVisible();
  await approver.close();
});
