import { expect, test } from "@playwright/test";
import { DEMO, signInAs } from "./sign-in";

test("a visitor who is not signed in is sent to the sign-in page", async ({ page }) => {
  await page.goto("/admin/users");
  await expect(page).toHaveURL(/\/signin/);
  await expect(page.getByRole("button", { name: `Sign in as ${DEMO.owner.name}` })).toBeVisible();
});

test("every demo user signs in and sees their own home page", async ({ page }) => {
  const roles = { owner: "Application owner", approver: "Approver (platform team)", oncall: "On-call engineer", admin: "Administrator" } as const;
  for (const who of Object.keys(roles) as (keyof typeof roles)[]) {
    await signInAs(page, who);
    await expect(page.getByRole("heading", { name: `Welcome, ${DEMO[who].name}` })).toBeVisible();
    await expect(page.getByTestId("home-role")).toHaveText(roles[who]);
    await expect(page.getByRole("heading", { name: "Regions" })).toBeVisible();
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/signin/);
  }
});

test("an application owner sees neither the users page nor its link", async ({ page }) => {
  await signInAs(page, "owner");
  await expect(page.getByRole("heading", { name: "Your applications" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users and roles" })).toHaveCount(0);

  await page.goto("/admin/users");
  await expect(page.getByRole("heading", { name: "Not available with your role" })).toBeVisible();
  await expect(page.getByText("ada.admin@continuum.demo")).toHaveCount(0);
});

test("an administrator sees every user and changes a role, and the change holds", async ({ page }) => {
  await signInAs(page, "admin");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users and roles" }).click();
  await expect(page.getByRole("heading", { name: "Users and roles" })).toBeVisible();
  // However many people have signed in, the search finds the demo users.
  await page.getByRole("textbox", { name: "Search users" }).fill("continuum.demo");
  await expect(page).toHaveURL(/q=continuum\.demo/);
  for (const person of Object.values(DEMO)) await expect(page.getByTestId("users-table").getByText(person.email)).toBeVisible();

  const oscarsRole = page.getByLabel(`Role of ${DEMO.oncall.email}`);
  const oscarsRow = page.getByRole("row").filter({ has: oscarsRole });
  await oscarsRole.selectOption({ label: "Approver (platform team)" });
  await oscarsRow.getByRole("button", { name: "Save" }).click();
  await expect(oscarsRow.getByRole("status")).toHaveText("Saved.");

  await page.reload();
  await expect(page.getByLabel(`Role of ${DEMO.oncall.email}`)).toHaveValue("APPROVER");
  // Put it back so the other tests see the demo users as seeded.
  await page.getByLabel(`Role of ${DEMO.oncall.email}`).selectOption("ONCALL");
  await page.getByRole("row").filter({ has: page.getByLabel(`Role of ${DEMO.oncall.email}`) }).getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("row").filter({ has: page.getByLabel(`Role of ${DEMO.oncall.email}`) }).getByRole("status")).toHaveText("Saved.");
});

test("the last administrator is told why they cannot demote themselves", async ({ page }) => {
  await signInAs(page, "admin");
  await page.goto("/admin/users");
  const adasRole = page.getByLabel(`Role of ${DEMO.admin.email}`);
  await adasRole.selectOption("OWNER");
  await page.getByRole("row").filter({ has: adasRole }).getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("row").filter({ has: adasRole }).getByRole("alert")).toHaveText(`${DEMO.admin.email} is the last administrator. Make someone else an administrator first.`);
  await page.reload();
  await expect(page.getByLabel(`Role of ${DEMO.admin.email}`)).toHaveValue("ADMIN");
});
