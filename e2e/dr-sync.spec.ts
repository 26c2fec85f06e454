import { expect, test } from "@playwright/test";
import { signInAs } from "./sign-in";

// Runs before the failover tests (files run in name order): books is served from europe-west and
// its DR namespace in europe-east has never been synced.

test("the owner sees what differs between production and DR, syncs, and sees them match", async ({ page }) => {
  test.setTimeout(90_000);
  await signInAs(page, "owner");
  await page.goto("/applications/books");
  await expect(page.getByTestId("dr-sync-card")).toContainText("Never synced");
  await page.getByRole("link", { name: "What differs, and sync →" }).click();

  await expect(page.getByRole("heading", { name: "DR sync of books" })).toBeVisible();
  const drift = page.getByTestId("drift-table");
  await expect(drift).toBeVisible();
  await expect(page.getByTestId("drift-Deployment-books-db")).toContainText("only in production");
  await expect(page.getByTestId("drift-PersistentVolumeClaim-books-data")).toBeVisible();

  await page.getByTestId("sync-now").click();
  await expect(page.getByTestId("sync-message")).toContainText("Queued");
  await expect(page.getByTestId("in-sync")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("sync-history")).toContainText("succeeded");
  await expect(page.getByTestId("sync-history")).toContainText("olivia.owner@continuum.demo · page");
  await expect(page.getByTestId("last-sync")).toContainText("Last sync");

  await page.getByTestId("sync-schedule").selectOption({ label: "Every hour" });
  await expect(page.getByTestId("sync-message")).toContainText("Schedule saved: every hour.");
  await page.goto("/applications/books");
  await expect(page.getByTestId("dr-sync-card")).toContainText("Scheduled every 60 minutes.");
});
