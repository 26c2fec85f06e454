import { expect, test, type Page } from "@playwright/test";
import { expectAccessibleAndNarrow } from "./page-checks";
import { signInAs, signOut } from "./sign-in";

// The journeys on a phone (390 × 844), as on-call gets paged at night: the navigation behind the
// menu button, every form usable, nothing scrolling sideways on the way.

test.use({ viewport: { width: 390, height: 844 } });

async function openFromMenu(page: Page, item: string) {
  await page.getByRole("button", { name: "Main navigation" }).click();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: item, exact: true }).click();
}

test("on a phone an owner orders a DR application and an approver approves it", async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, "owner");
  await openFromMenu(page, "Order an environment");
  await expectAccessibleAndNarrow(page, "order form, profile");
  await page.getByRole("radio", { name: /DR \(active\/passive\)/ }).check();
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByLabel("Application name").fill("pocket-shop");
  await expect(page.getByTestId("name-check")).toHaveText("“pocket-shop” is free.");
  await page.getByLabel("Description").fill("The shop in your pocket.");
  await page.getByLabel("Primary region").selectOption("europe-west");
  await page.getByLabel("DR region").selectOption("europe-east");
  await expectAccessibleAndNarrow(page, "order form, details");
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByLabel("Cost center").fill("cc-10420");
  await page.getByLabel("Justification").fill("Customer-facing; losing a region must not stop it.");
  await page.getByRole("button", { name: "Next" }).click();
  await expectAccessibleAndNarrow(page, "order form, review");
  await page.getByRole("button", { name: "Submit order" }).click();
  await expect(page.getByRole("status")).toContainText("Your order is submitted");
  await signOut(page);

  await signInAs(page, "approver");
  await openFromMenu(page, "Approvals");
  await page.getByRole("link", { name: "pocket-shop", exact: true }).click();
  await expectAccessibleAndNarrow(page, "order page, as the approver");
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByTestId("order-status")).toHaveText(/Approved|Provisioning|Ready/);
});

test("on a phone on-call runs a DR drill through the guard and watches it to the end", async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, "oncall");
  await openFromMenu(page, "Dashboard");
  await expectAccessibleAndNarrow(page, "dashboard");
  await page.goto("/applications/books");
  await page.getByRole("link", { name: "Run a DR drill…" }).click();
  await expect(page.getByRole("heading", { name: "DR drill of books: pre-flight" })).toBeVisible();
  await expectAccessibleAndNarrow(page, "drill guard");
  await page.getByLabel("Reason").fill("quarterly DR drill, change CHG-300");
  await page.getByTestId("confirm-name").fill("books");
  await page.getByRole("button", { name: /^Start the drill in/ }).click();
  await expect(page).toHaveURL(/\/runs\//);
  await expect(page.getByTestId("run-status")).toHaveText("Completed", { timeout: 90_000 });
  await expectAccessibleAndNarrow(page, "drill run");
});
