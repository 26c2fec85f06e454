import { expect, test } from "@playwright/test";
import { signInAs } from "./sign-in";

// The platform team's Regions page: health over the last day, what serves from each region, and a
// region taken out of new orders with a reason, which the order form then does not offer.

test("an approver sees every region's health and takes one out of new orders, with a reason, and back", async ({ page }) => {
  await signInAs(page, "approver");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Regions" }).click();
  await expect(page.getByRole("heading", { name: "Regions", level: 1 })).toBeVisible();
  const north = page.getByTestId("region-europe-north");
  await expect(north).toContainText("offered to new orders");
  await expect(north.getByRole("img", { name: /europe-north health: half hours of the last day/ })).toBeVisible();
  await expect(page.getByTestId("region-europe-west-serving")).toContainText(/Serves \d+ DR/);

  await north.getByLabel("Why take europe-north out of new orders?").fill("storage maintenance until Friday, CHG-231");
  await north.getByRole("button", { name: "Take out of new orders" }).click();
  await expect(north).toContainText("out of new orders");
  await expect(page.getByTestId("region-europe-north-why-off")).toHaveText("storage maintenance until Friday, CHG-231");

  await north.getByLabel("Why offer europe-north again?").fill("maintenance done, CHG-231 closed");
  await north.getByRole("button", { name: "Offer to new orders again" }).click();
  await expect(north.getByRole("button", { name: "Take out of new orders" })).toBeVisible();
});

test("on-call sees the regions but cannot take one out of new orders", async ({ page }) => {
  await signInAs(page, "oncall");
  await page.goto("/regions");
  await expect(page.getByTestId("region-europe-west")).toBeVisible();
  await expect(page.getByRole("button", { name: "Take out of new orders" })).toHaveCount(0);
});
