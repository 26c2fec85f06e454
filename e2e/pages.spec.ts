import { expect, test } from "@playwright/test";
import { expectAccessibleAndNarrow } from "./page-checks";
import { signInAs } from "./sign-in";

// Every page, as the people who open it, on a desk and on on-call's phone: axe finds no critical
// or serious WCAG 2.1 A/AA violation, and no page scrolls sideways.

const PHONE = { width: 390, height: 844 };
const DESK = { width: 1280, height: 800 };

const PAGES: Record<"owner" | "approver" | "oncall" | "admin", string[]> = {
  owner: ["/", "/orders/new", "/orders", "/applications/books", "/runs", "/account/tokens"],
  approver: ["/", "/dashboard", "/regions", "/approvals", "/costs", "/audit"],
  oncall: ["/", "/dashboard", "/applications/books/runs/new?kind=FAILOVER", "/applications/books/runs/new?kind=DRILL", "/regions/europe-west/failover", "/regions/europe-west/rebalance", "/applications/books/sync", "/runs"],
  admin: ["/admin/users", "/applications/no-such-application"],
};

/** Pages a role may not open: answered 403 inside the frame, saying who may. */
const REFUSED: Record<string, string[]> = { owner: ["/dashboard", "/audit", "/costs", "/approvals", "/admin/users", "/regions", "/applications/books/runs/new?kind=FAILOVER"], oncall: ["/approvals", "/orders/new"] };

// On-call at night reads the dark theme: every page is checked in it too (on a desk; the layout is the same).
const LOOKS = { desk: { viewport: DESK, theme: "light" }, phone: { viewport: PHONE, theme: "light" }, "desk, dark theme": { viewport: DESK, theme: "dark" } } as const;

for (const [look, { viewport, theme }] of Object.entries(LOOKS)) {
  test.describe(`every page on a ${look} (${viewport.width} px)`, () => {
    test.use({ viewport });
    test.beforeEach(async ({ context, baseURL }) => {
      await context.addCookies([{ name: "continuum-theme", value: theme, url: baseURL! }]);
    });

    test("the sign-in page", async ({ page }) => {
      await page.goto("/signin");
      await expect(page.locator("html")).toHaveClass(theme === "dark" ? /pf-v6-theme-dark/ : /^(?!.*pf-v6-theme-dark)/);
      await expect(page.getByRole("main")).toBeVisible();
      // Each button's name is the text it shows, so "click Sign in as Olivia Owner" works by voice too.
      await expect(page.getByRole("button", { name: /^Sign in as Olivia Owner olivia\.owner@continuum\.demo/ })).toBeVisible();
      await expectAccessibleAndNarrow(page, "/signin");
    });

    for (const [who, paths] of Object.entries(PAGES) as Array<[keyof typeof PAGES, string[]]>) {
      test(`as ${who}`, async ({ page }) => {
        test.setTimeout(120_000);
        await signInAs(page, who);
        for (const path of paths) {
          const response = await page.goto(path);
          expect.soft(response?.status(), path).toBe(path.includes("no-such") ? 404 : 200);
          await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
          await expectAccessibleAndNarrow(page, `${path} as ${who}`);
        }
        for (const path of REFUSED[who] ?? []) {
          const response = await page.goto(path);
          expect.soft(response?.status(), `${path} refused to ${who}`).toBe(403);
          await expect(page.getByRole("heading", { name: "Not available with your role" })).toBeVisible();
          await expect(page.getByRole("alert").filter({ hasText: "Not available with your role" })).toContainText(/Only .+ can .+\./);
          await expectAccessibleAndNarrow(page, `${path} refused to ${who}`);
        }
      });
    }
  });
}
