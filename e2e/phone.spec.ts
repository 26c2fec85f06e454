import { readFile } from "node:fs/promises";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { passGuard } from "./guard";
import { chooseProfile } from "./order-form";
import { expectAccessibleAndNarrow, screenshotWholePage } from "./page-checks";
import { signInAs, signOut } from "./sign-in";
import { portalHome } from "../playwright.config";

// The journeys on a phone (390 × 844), as on-call gets paged at night: the navigation behind the
// menu button, every form usable, nothing scrolling sideways on the way.

test.use({ viewport: { width: 390, height: 844 } });

// A tap on the menu button before the page has hydrated does nothing (CI saw it once): tap again
// until the navigation opens, as a person would.
async function openFromMenu(page: Page, item: string) {
  const link = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: item, exact: true });
  await expect(async () => {
    if (!(await link.isVisible())) await page.getByRole("button", { name: "Main navigation" }).click();
    await expect(link).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await link.click();
}

test("on a phone an owner orders a DR application and an approver approves it", async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, "owner");
  await openFromMenu(page, "Order an environment");
  await expectAccessibleAndNarrow(page, "order form, profile");
  await chooseProfile(page, /DR \(active\/passive\)/);
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
  await passGuard(page, { reason: "quarterly DR drill, change CHG-300", name: "books", verb: /^Start the drill in/ });
  await expect(page).toHaveURL(/\/runs\//);
  await expect(page.getByTestId("run-status")).toHaveText("Completed", { timeout: 90_000 });
  await expectAccessibleAndNarrow(page, "drill run");
});

const simulatorAdmin = async () => JSON.parse(await readFile(path.join(portalHome, "sim", "simulator.json"), "utf8")).adminUrl as string;

test("on a phone on-call fails books over, retries the step that stopped, and fails it back", async ({ page, request }) => {
  test.setTimeout(240_000);
  const admin = await simulatorAdmin();
  await signInAs(page, "oncall");
  const row = page.getByTestId("dr-app-books");
  await expect(row).toContainText("europe-west");
  await row.getByTestId("fail-over-books").click();
  await expect(page.getByRole("heading", { name: "Failover of books: pre-flight" })).toBeVisible();
  await expectAccessibleAndNarrow(page, "failover guard");

  // europe-east's Cinder refuses to take the volumes over: the run stops for a person.
  await request.put(`${admin}/regions/europe-east/faults`, { data: { failTransferAccepts: 50 } });
  try {
    await page.getByLabel("Reason").fill("phone drill of a stopped failover, INC-5150");
    await page.getByTestId("guard-open").click();
    await expectAccessibleAndNarrow(page, "failover confirmation modal");
    const dialog = page.getByRole("dialog");
    await dialog.getByTestId("confirm-name").fill("books");
    await dialog.getByRole("button", { name: "Fail over books to Europe East" }).click();
    await expect(page).toHaveURL(/\/runs\//);
    await expect(page.getByTestId("run-status")).toHaveText("Stopped — needs you", { timeout: 90_000 });
    await expect(page.getByTestId("step-move-volumes")).toHaveAttribute("data-status", "FAILED");
    await expectAccessibleAndNarrow(page, "stopped run");
  } finally {
    await request.delete(`${admin}/faults`);
  }

  await page.getByRole("button", { name: "Retry step" }).click();
  await expect(page.getByTestId("run-status")).toHaveText("Completed", { timeout: 90_000 });
  await expect(page.getByTestId("step-switch-traffic")).toContainText("europe-east");
  // The RTO says it includes the time the run stood stopped for a person.
  await expect(page.getByTestId("run-rto")).toContainText(/of which .+ stopped for a person \(at Move the volumes\)/);
  await expectAccessibleAndNarrow(page, "completed failover");
  await screenshotWholePage(page, "test-results/failover-run-phone.png");

  await page.goto("/applications/books");
  await expect(page.getByTestId("serving-region")).toHaveText("europe-east");
  await expectAccessibleAndNarrow(page, "application after the failover");
  await page.getByTestId("fail-over-button").click();
  await expect(page.getByRole("heading", { name: "Failback of books: pre-flight" })).toBeVisible();
  await passGuard(page, { reason: "europe-west healthy again, INC-5150 closed", name: "books", verb: "Fail back books to Europe West" });
  await expect(page.getByTestId("run-status")).toHaveText("Completed", { timeout: 90_000 });
  await expectAccessibleAndNarrow(page, "completed failback");
  await page.goto("/applications/books");
  await expect(page.getByTestId("serving-region")).toHaveText("europe-west");
});
