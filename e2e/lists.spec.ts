import { expect, test, type Page } from "@playwright/test";
import { signInAs } from "./sign-in";

// A long list's next and previous pages carry on from the rows shown (a seek in the database,
// the cursor in the address), and coming back shows the same rows as before. Pinned on the audit
// log, made long enough first: each API token created is an event.

const rowsOf = async (page: Page) => page.getByTestId("audit-table").locator("tbody tr").allInnerTexts();

test("the audit log pages forwards and back from the rows shown", async ({ page }) => {
  await signInAs(page, "admin");
  await page.goto("/account/tokens");
  for (let i = 1; i <= 25; i++) {
    await page.getByLabel("New token for").fill(`paging test ${i}`);
    await page.getByRole("button", { name: "Create token" }).click();
    await expect(page.getByTestId(`token-paging test ${i}`)).toBeVisible();
  }
  await page.goto("/audit?perPage=10");
  const first = await rowsOf(page);
  expect(first).toHaveLength(10);

  const top = page.getByRole("navigation", { name: "Audit events, pages (top)" });
  // The rows shown, as the top pagination's toggle says them: "11 - 20 of 57".
  const shown = page.getByRole("button", { name: /^\d+ - \d+ of / }).first();
  await top.getByRole("button", { name: "Go to next page" }).click();
  await expect(page).toHaveURL(/[?&]after=/);
  await expect(page).toHaveURL(/[?&]page=2/);
  await expect(shown).toContainText("11 - 20");
  const second = await rowsOf(page);
  expect(second).toHaveLength(10);

  await top.getByRole("button", { name: "Go to previous page" }).click();
  await expect(page).not.toHaveURL(/[?&](after|before)=/);
  await expect(shown).toContainText("1 - 10");
  await expect.poll(() => rowsOf(page)).toEqual(first);

  // The next page again, then back by its cursor from page 3 to page 2.
  await top.getByRole("button", { name: "Go to next page" }).click();
  await expect(shown).toContainText("11 - 20");
  await expect.poll(() => rowsOf(page)).toEqual(second);
  await top.getByRole("button", { name: "Go to next page" }).click();
  await expect(page).toHaveURL(/[?&]page=3/);
  await expect(shown).toContainText("21 - 30");
  await top.getByRole("button", { name: "Go to previous page" }).click();
  await expect(page).toHaveURL(/[?&]before=/);
  await expect(shown).toContainText("11 - 20");
  await expect.poll(() => rowsOf(page)).toEqual(second);
});
