import { readFile } from "node:fs/promises";
import path from "node:path";
import { expect, type Page } from "@playwright/test";
import { portalHome } from "../playwright.config";

export const DEMO = {
  owner: { name: "Olivia Owner", email: "olivia.owner@continuum.demo" },
  approver: { name: "Avery Approver", email: "avery.approver@continuum.demo" },
  oncall: { name: "Oscar On-call", email: "oscar.oncall@continuum.demo" },
  admin: { name: "Ada Admin", email: "ada.admin@continuum.demo" },
} as const;

/** Signs in through the demo sign-in page, as a person would, and waits for the home page. */
export async function signInAs(page: Page, who: keyof typeof DEMO) {
  await page.goto("/signin");
  await page.getByRole("button", { name: `Sign in as ${DEMO[who].name}` }).click();
  await expect(page.getByTestId("signed-in-as")).toContainText(DEMO[who].email);
}

/** Signs out with the button and waits until the sign-in page is back. */
export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/signin/);
}

/** A demo user's personal API token, which the embedded default writes at start-up. */
export async function demoTokenOf(who: keyof typeof DEMO) {
  return (JSON.parse(await readFile(path.join(portalHome, "demo-tokens.json"), "utf8")) as Record<string, string>)[DEMO[who].email]!;
}
