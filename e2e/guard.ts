import { expect, type Page } from "@playwright/test";

/**
 * Passes a guarded action as a person does: the reason on the page, the button that opens the
 * confirmation modal, the name typed exactly in it, and the modal's own button.
 */
export async function passGuard(page: Page, { reason, name, verb }: { reason: string; name: string; verb: string | RegExp }) {
  await page.getByLabel("Reason").fill(reason);
  await page.getByTestId("guard-open").click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  await dialog.getByTestId("confirm-name").fill(name);
  await dialog.getByRole("button", { name: verb }).click();
}
