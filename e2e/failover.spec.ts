import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { passGuard } from "./guard";
import { expectAccessibleAndNarrow, screenshotWholePage } from "./page-checks";
import { captureServerAction, replayHeaders } from "./server-actions";
import { demoTokenOf, signInAs } from "./sign-in";

// The embedded default's simulator seeds `books`, a DR application serving from europe-west with
// its database on a Cinder volume; the portal registers it at start-up.

test("an application owner sees no fail-over button and cannot open the guard", async ({ page }) => {
  await signInAs(page, "owner");
  await expect(page.getByTestId("dr-applications")).toHaveCount(0);
  await page.goto("/applications/books");
  await expect(page.getByTestId("continuity")).toBeVisible();
  await expect(page.getByTestId("fail-over-button")).toHaveCount(0);
  await page.goto("/applications/books/runs/new?kind=FAILOVER");
  await expect(page.getByRole("heading", { name: "Not available with your role" })).toBeVisible();
});

test("an on-call engineer fails over from the dashboard through the guard and watches every step complete", async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, "oncall");
  const row = page.getByTestId("dr-app-books");
  await expect(row).toContainText("europe-west");
  await row.getByTestId("fail-over-books").click();

  await expect(page.getByRole("heading", { name: "Failover of books: pre-flight" })).toBeVisible();
  await expect(page.getByTestId("preflight-pairing")).toHaveText("identical");
  await expect(page.getByTestId("preflight-volumes")).toContainText("books-data");
  await expect(page.getByTestId("preflight-will-stop")).toContainText("books-db: 1 → 0");
  await page.getByLabel("Reason").fill("europe-west storage degraded, incident INC-4211");
  await page.getByRole("button", { name: "Fail over books to Europe East…" }).click();
  const dialog = page.getByRole("dialog", { name: "Fail over books to Europe East?" });
  await expect(dialog).toContainText("Reason, recorded under your name: “europe-west storage degraded, incident INC-4211”");
  await expectAccessibleAndNarrow(page, "failover confirmation");
  const go = dialog.getByRole("button", { name: "Fail over books to Europe East" });
  for (const slip of ["book", "books ", "Books"]) {
    await dialog.getByTestId("confirm-name").fill(slip);
    await expect(go).toBeDisabled();
  }
  await dialog.getByTestId("confirm-name").fill("books");
  await go.click();

  await expect(page).toHaveURL(/\/runs\//);
  await expect(page.getByTestId("step-preflight")).toBeVisible();
  await expect(page.getByTestId("run-status")).toHaveText("Completed", { timeout: 90_000 });
  for (const step of ["preflight", "export-source", "stop-source", "map-volumes", "move-volumes", "import-target", "start-target", "switch-traffic"]) {
    await expect(page.getByTestId(`step-${step}`)).toHaveAttribute("data-status", "SUCCEEDED");
  }
  await expect(page.getByTestId("step-free-capacity")).toHaveAttribute("data-status", "SKIPPED");
  await expect(page.getByTestId("step-start-target")).toContainText("books-db: 1/1 ready");
  await expect(page.getByTestId("run-rto")).toContainText("from the click to users' DNS answering the target");
  // Users follow the data: the simulator's authoritative zone now sends books' name to europe-east's router.
  await expect(page.getByTestId("step-switch-traffic")).toContainText("Users reach books.apps.continuum.test: it resolves to 198.51.100.10 (europe-east)");
  await screenshotWholePage(page, "test-results/failover-run.png");

  await page.getByRole("link", { name: "books" }).first().click();
  await expect(page.getByTestId("serving-region")).toHaveText("europe-east");
  await expect(page.getByTestId("users-reach")).toContainText("Users reach books.apps.continuum.test: it resolves to europe-east (198.51.100.10).");
  await expect(page.getByTestId("rto-chart")).toBeVisible();
  // Runs seconds apart get ticks to the second: no two ticks of the time axis read alike.
  const tickLabels = page.getByTestId("rto-chart").locator(".recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value");
  await expect(tickLabels.first()).toBeVisible();
  const ticks = await tickLabels.allTextContents();
  expect(new Set(ticks).size).toBe(ticks.length);
  await expect(page.getByTestId("rto-chart")).toContainText("Started, UTC");
  await screenshotWholePage(page, "test-results/application-page.png");
  await expect(page.getByTestId("fail-over-button")).toHaveText("Fail back to europe-west…");

  // The dashboard shows both regions, and books now serving from europe-east.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboard" }).click();
  await expect(page.getByTestId("region-map")).toBeVisible();
  await expect(page.getByTestId("dashboard-region-europe-west")).toBeVisible();
  // Counted, not named: at least books is active in europe-east and would go back to europe-west.
  await expect(page.getByTestId("region-map")).toHaveAttribute("aria-label", /europe-east \([^)]*\): [1-9]\d* DR, active[^.]*; [1-9]\d* would fail over to europe-west/);
  await expect(page.getByTestId("dashboard-region-europe-west")).toContainText(/DR, standby here[1-9]/);
  await expect(page.getByTestId("attention")).toBeVisible();
  await screenshotWholePage(page, "test-results/dashboard.png");
  await expect(page.getByTestId("dashboard-dr-applications")).toContainText("europe-east (DR region)");
  await expect(page.getByTestId("pairing-books")).toHaveText("paired");
});

test("a direct call of the start-run action by an application owner is refused and starts nothing", async ({ page, browser }) => {
  await signInAs(page, "oncall");
  await page.goto("/applications/books/runs/new?kind=FAILBACK");
  // books has never failed back, but its failover measured the same steps the other way round.
  await expect(page.getByTestId("run-estimate")).toContainText(/failovers? (or|and) failbacks? of books/);
  const captured = await captureServerAction(page, "**/applications/books/runs/new**", async () => {
    await passGuard(page, { reason: "planned failback after the incident", name: "books", verb: "Fail back books to Europe West" });
  });

  // The owner, in a browser of their own, sends the very same request.
  const owner = await browser.newPage();
  await signInAs(owner, "owner");
  const response = await owner.request.post(captured.url, { headers: replayHeaders(captured), data: captured.body });
  expect(await response.text()).toContain("Only on-call engineer or administrator can fail applications over");

  await owner.goto("/applications/books");
  await expect(owner.getByTestId("serving-region")).toHaveText("europe-east");
  await expect(owner.getByTestId("continuity")).not.toContainText("Active run");
  await owner.close();
});

test("on-call fails over a whole region: DR applications move, multi-site ones are carried by their other regions, then rebalanced", async ({ page, request }) => {
  test.setTimeout(150_000);
  // A multi-site application in europe-west and europe-east, ordered and approved through the API.
  const owner = { authorization: `Bearer ${await demoTokenOf("owner")}` };
  const order = { profile: "MULTI_SITE", applicationName: "shelf", description: "Shelf labels for every shop.", ownerGroup: "team-books", environments: ["prod"], regions: ["europe-west", "europe-east"], quotaSize: "SMALL", costCenter: "CC-10420", justification: "Printed in every shop; must survive a region." };
  const submitted = await request.post("/api/v1/orders", { headers: owner, data: order });
  expect(submitted.status()).toBe(201);
  const { id } = (await submitted.json()) as { id: string };
  expect((await request.post(`/api/v1/orders/${id}/decision`, { headers: { authorization: `Bearer ${await demoTokenOf("approver")}` }, data: { decision: "approve" } })).status()).toBe(200);
  await expect.poll(async () => ((await (await request.get("/api/v1/applications/shelf", { headers: owner })).json()) as { status: string }).status, { timeout: 60_000 }).toBe("READY");

  await signInAs(page, "oncall");
  // After the failover above, books serves from europe-east.
  await page.getByTestId("region-failover-europe-east").click();
  await expect(page.getByRole("heading", { name: "Fail over every application in europe-east" })).toBeVisible();
  await expect(page.getByTestId("region-failover-applications")).toContainText("books");
  // Each application with where it goes, its pairing and the volumes that move, before the button.
  await expect(page.getByTestId("region-failover-app-books")).toContainText("failback: books-dr → books-prod in europe-west");
  await expect(page.getByTestId("region-failover-app-books")).toContainText("paired");
  await expect(page.getByTestId("region-failover-app-books")).toContainText(/1 volume\(s\), \d+ GB/);
  await expect(page.getByTestId("region-failover-multi-site")).toContainText("shelf");
  await expect(page.getByTestId("region-failover-multi-site")).toContainText("users only to europe-west");
  await expect(page.getByTestId("region-failover-targets")).toContainText("europe-west");
  await passGuard(page, { reason: "europe-east maintenance window, change CHG-118", name: "europe-east", verb: /^Fail over 1 DR application\(s\) and re-scale \d+ multi-site application\(s\) out of/ });

  await expect(page).toHaveURL(/\/region-failovers\//);
  await expect(page.getByTestId("region-failover-status")).toHaveText("Completed", { timeout: 90_000 });
  await expect(page.getByTestId("region-failover-counts")).toHaveText(/^(\d+) of \1 completed$/);
  await expect(page.getByTestId("rescale-shelf")).toContainText("carried in full");
  // The simulator's DNS answers shelf's global name with europe-west's router only now.
  await expect(page.getByTestId("rescale-shelf")).toContainText("192.0.2.10");
  await expect(page.getByTestId("rescale-shelf")).not.toContainText("198.51.100.10");

  // europe-east never went away: rebalance puts its router back.
  const progress = page.url();
  await page.getByTestId("rebalance-link").click();
  await expect(page.getByRole("heading", { name: "Rebalance into europe-east" })).toBeVisible();
  await expect(page.getByTestId("rebalance-applications")).toContainText("shelf");
  await passGuard(page, { reason: "europe-east maintenance over, change CHG-118 closed", name: "europe-east", verb: /^Rebalance \d+ application\(s\) into/ });
  await expect(page).toHaveURL(progress);
  await expect(page.getByTestId("rescale-shelf")).toContainText("rebalanced", { timeout: 60_000 });
  await expect(page.getByTestId("rescale-shelf")).toContainText("198.51.100.10");
  await page.goto("/");
  await expect(page.getByTestId("dr-app-books")).toContainText("europe-west");
  await expect(page.getByTestId("rebalance-europe-east")).toHaveCount(0);
});

test("an approver finds the failover's events in the audit log", async ({ page }) => {
  await signInAs(page, "approver");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" }).click();
  // The filters ask the server as typing pauses, and stay in the address.
  await page.getByLabel("Application", { exact: true }).fill("books");
  await page.getByLabel("Action", { exact: true }).fill("run.");
  await expect(page).toHaveURL(/application=books/);
  await expect(page).toHaveURL(/action=run\./);
  const table = page.getByTestId("audit-table");
  await expect(table).toContainText("run.step_succeeded");
  await expect(table).toContainText("run.succeeded");
  await expect(table).not.toContainText("order.");
  await page.getByLabel("Action", { exact: true }).fill("run.started");
  await expect(page).toHaveURL(/action=run\.started/);
  await expect(table).not.toContainText("run.step_succeeded");
  await expect(table).toContainText("oscar.oncall@continuum.demo started a failover of books from europe-west to europe-east: “europe-west storage degraded, incident INC-4211”");
  // The sentence is how it reads; the recorded data is one click away.
  const started = page.getByRole("row").filter({ hasText: "started a failover of books" }).first();
  await started.getByRole("button", { name: "Show the recorded data" }).click();
  await expect(started.locator("pre")).toContainText('"mode": "NORMAL"');
  await expectAccessibleAndNarrow(page, "audit log, filtered");

  // An auditor takes the same events away as CSV.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("audit-export").click()]);
  expect(download.suggestedFilename()).toMatch(/^continuum-audit-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = await readFile((await download.path())!, "utf8");
  const [header, ...lines] = csv.trimEnd().split("\r\n");
  expect(header).toBe("at_utc,actor,action,application,target_type,target_id,sentence,before_json,after_json,request_id");
  expect(lines.some((line) => line.includes("started a failover of books"))).toBe(true);
  expect(lines.every((line) => line.includes(",run.started,"))).toBe(true);
  expect(lines.every((line) => line.includes(",books,"))).toBe(true);
  expect(csv).not.toContain("order.");
});

test("on-call sorts the runs by RTO and narrows them to failovers, and the address keeps the view", async ({ page }) => {
  await signInAs(page, "oncall");
  await page.goto("/runs");
  const table = page.getByTestId("runs-table");
  await table.getByRole("button", { name: "RTO" }).click();
  await expect(page).toHaveURL(/sort=rto&dir=asc/);
  const seconds = async () =>
    (await table.locator("tbody tr td[data-label='RTO']").allTextContents())
      .filter((text) => text !== "—")
      .map((text) => [...text.matchAll(/([\d.]+) (h|min|s)/g)].reduce((sum, [, n, unit]) => sum + Number(n) * (unit === "h" ? 3600 : unit === "min" ? 60 : 1), 0));
  const ascending = await seconds();
  expect(ascending.length).toBeGreaterThan(1);
  expect([...ascending].sort((a, b) => a - b)).toEqual(ascending);
  await page.getByTestId("filter-kind").selectOption("FAILOVER");
  await expect(page).toHaveURL(/kind=FAILOVER/);
  await expect(table.locator("tbody tr").first()).toContainText("Failover");
  await expect(table).not.toContainText("Failback");
  await page.reload();
  await expect(page.getByTestId("filter-kind")).toHaveValue("FAILOVER");
  await expect(table.getByRole("columnheader", { name: "RTO" })).toHaveAttribute("aria-sort", "ascending");
});
