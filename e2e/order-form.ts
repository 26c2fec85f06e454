import { expect, type Page } from "@playwright/test";

/** Chooses a profile as a person does: by clicking its card (PatternFly's selectable card lays its radio's label over the whole card). */
export async function chooseProfile(page: Page, profile: string | RegExp) {
  const radio = page.getByRole("radio", { name: profile });
  await page.locator(".pf-v6-c-card", { has: radio }).click();
  await expect(radio).toBeChecked();
}
