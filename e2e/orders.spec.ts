import { expect, test, type Page } from "@playwright/test";
import { chooseProfile } from "./order-form";
import { signInAs, signOut } from "./sign-in";

async function fillDetails(page: Page, name: string, regions: { primary?: string; dr?: string; checked?: string[] }) {
  await page.getByLabel("Application name").fill(name);
  await expect(page.getByTestId("name-check")).toHaveText(`“${name}” is free.`);
  await page.getByLabel("Description").fill(`The ${name} service.`);
  if (regions.primary) await page.getByLabel("Primary region").selectOption(regions.primary);
  if (regions.dr) await page.getByLabel("DR region").selectOption(regions.dr);
  for (const region of regions.checked ?? []) await page.getByLabel(region).check();
}

async function startOrder(page: Page, profile: RegExp) {
  await page.getByRole("link", { name: "Order an environment" }).first().click();
  await chooseProfile(page, profile);
  await page.getByRole("button", { name: "Next" }).click();
}

async function finishOrder(page: Page) {
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByLabel("Cost center").fill("CC-10420");
  await page.getByLabel("Justification").fill("Customer-facing; losing a region must not stop it.");
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("button", { name: "Submit order" }).click();
  await expect(page.getByRole("status")).toContainText("Your order is submitted");
}

async function decide(page: Page, name: string, decision: "Approve" | "Reject", note = "") {
  await page.getByRole("link", { name: "Approvals", exact: true }).click();
  await page.getByRole("link", { name, exact: true }).click();
  await expect(page.getByTestId("order-next")).toContainText("Waiting for your decision");
  if (note) await page.getByLabel(/Note to the owner/).fill(note);
  await page.getByRole("button", { name: decision }).click();
  // An approved order moves on to provisioning by itself, so any of those states will do here.
  await expect(page.getByTestId("order-status")).toHaveText(decision === "Approve" ? /Approved|Provisioning|Ready/ : "Rejected");
}

test("an owner orders a DR application, an approver approves it, and the owner sees it approved", async ({ page }) => {
  await signInAs(page, "owner");
  await startOrder(page, /DR \(active\/passive\)/);
  await fillDetails(page, "books-shop", { primary: "europe-west", dr: "europe-east" });
  await expect(page.getByTestId("estimate")).toContainText("for 4 namespaces");
  await finishOrder(page);
  await expect(page.getByTestId("order-status")).toHaveText("Waiting for approval");
  await signOut(page);

  await signInAs(page, "approver");
  await expect(page.getByTestId("approvals-waiting")).toContainText("1 order waits");
  await decide(page, "books-shop", "Approve");
  await expect(page.getByTestId("order-history")).toContainText("Approved by avery.approver@continuum.demo");
  // The approver's page follows the provisioning to its end, without a reload.
  await expect(page.getByTestId("order-status")).toHaveText("Ready", { timeout: 30_000 });
  await expect(page.getByTestId("order-history")).toContainText("Ready in every region by the portal");
  await expect(page.getByTestId("order-next")).toHaveText(/^Ready: its namespaces exist in every region\./);
  await signOut(page);

  await signInAs(page, "owner");
  await expect(page.getByTestId("decisions")).toContainText("books-shop approved by Avery Approver");
  await page.getByRole("link", { name: "My orders" }).click();
  await expect(page.getByTestId("order-books-shop").getByTestId("order-status")).toHaveText(/Approved|Provisioning|Ready/);

  // Approval provisions it: the owner watches it become ready, with one block in both regions.
  await page.getByRole("link", { name: "books-shop" }).click();
  await page.getByRole("link", { name: "Open the application" }).click();
  await expect(page.getByTestId("application-status")).toHaveText("Ready", { timeout: 30_000 });
  await expect(page.getByTestId("region-europe-west")).toContainText("books-shop-prod");
  for (const ns of ["books-shop-dr", "books-shop-dev", "books-shop-test"]) await expect(page.getByTestId("region-europe-east")).toContainText(ns);
  const mcs = (await page.getByTestId("security-block").locator("dd").first().textContent())!;
  expect(mcs).toMatch(/^s0:c\d+,c\d+$/);
  await page.getByRole("button", { name: "Verify pairing" }).click();
  await expect(page.getByTestId("pairing-summary")).toContainText(`Paired: every namespace carries ${mcs}`);
  await expect(page.getByTestId("pairing-table").getByText("paired", { exact: true })).toHaveCount(4);
});

test("a rejected order carries the approver's note to its owner", async ({ page }) => {
  await signInAs(page, "owner");
  await startOrder(page, /Single-site/);
  await fillDetails(page, "scratchpad", { checked: ["Europe West"] });
  await finishOrder(page);
  await signOut(page);

  await signInAs(page, "approver");
  await page.getByRole("link", { name: "Approvals", exact: true }).click();
  await page.getByRole("link", { name: "scratchpad", exact: true }).click();
  await page.getByRole("button", { name: "Reject" }).click();
  await expect(page.locator("#error-note")).toHaveText("Say why you reject it: the owner reads this note.");
  await decide(page, "scratchpad", "Reject", "Use the shared sandbox cluster for scratch work.");
  await signOut(page);

  await signInAs(page, "owner");
  await expect(page.getByTestId("decisions")).toContainText("Use the shared sandbox cluster for scratch work.");
  await page.getByTestId("decisions").getByRole("link", { name: "scratchpad" }).click();
  await expect(page.getByTestId("decision-note")).toContainText("Rejected by Avery Approver");
  await expect(page.getByTestId("decision-note")).toContainText("Use the shared sandbox cluster for scratch work.");
});

test("an owner cancels an order still waiting, through a modal that lets them keep it", async ({ page }) => {
  await signInAs(page, "owner");
  await startOrder(page, /Single-site/);
  await fillDetails(page, "second-thoughts", { checked: ["Europe West"] });
  await finishOrder(page);
  await page.getByRole("button", { name: "Cancel order…" }).click();
  const dialog = page.getByRole("dialog", { name: "Cancel the order for second-thoughts?" });
  await dialog.getByRole("button", { name: "Keep it" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("order-status")).toHaveText("Waiting for approval");
  await page.getByRole("button", { name: "Cancel order…" }).click();
  await dialog.getByRole("button", { name: "Cancel the order" }).click();
  await expect(page.getByTestId("order-status")).toHaveText("Cancelled");
  await expect(page.getByTestId("order-history")).toContainText("Cancelled by olivia.owner@continuum.demo");
  await expect(page.getByRole("button", { name: "Cancel order…" })).toHaveCount(0);
});

test("a multi-site order in one region and a DR order with the same region twice are refused with clear messages", async ({ page }) => {
  await signInAs(page, "owner");
  await startOrder(page, /Multi-site/);
  await fillDetails(page, "mesh", { checked: ["Europe West"] });
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.locator("#error-regions")).toHaveText("Multi-site needs at least two regions (three are recommended for quorum).");
  await expect(page.getByRole("heading", { name: "Order an environment" })).toBeVisible();

  await page.getByRole("button", { name: "Back" }).click();
  await chooseProfile(page, /DR \(active\/passive\)/);
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByLabel("Primary region").selectOption("europe-east");
  await page.getByLabel("DR region").selectOption("europe-east");
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.locator("#error-regions")).toHaveText("A region can be chosen only once; for DR the primary and the DR region must differ.");

  await page.getByLabel("Application name").fill("Bad_Name");
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.locator("#error-applicationName")).toContainText("lower-case letters");
});

test("an owner cannot open the approvals queue", async ({ page }) => {
  await signInAs(page, "owner");
  await expect(page.getByRole("link", { name: "Approvals", exact: true })).toHaveCount(0);
  await page.goto("/approvals");
  await expect(page.getByRole("alert").filter({ hasText: "Not available" })).toContainText("Only approver (platform team) or administrator can see and decide the approvals queue");
});
