import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/** axe finds no critical or serious WCAG 2.1 A/AA violation, and nothing scrolls sideways. */
export async function expectAccessibleAndNarrow(page: Page, where: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const grave = results.violations.filter((v) => v.impact === "critical" || v.impact === "serious");
  expect.soft(grave.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`), `${where}: axe`).toEqual([]);
  // PatternFly's page scrolls in its main container, not the document: both must fit.
  const frames = await page.evaluate(() =>
    [document.documentElement, ...document.querySelectorAll(".pf-v6-c-page__main-container, .pf-v6-c-page__main")].map((e) => ({ what: e === document.documentElement ? "document" : e.className.split(" ")[0], scrollWidth: e.scrollWidth, clientWidth: e.clientWidth })),
  );
  for (const frame of frames) expect.soft(frame.scrollWidth, `${where}: the ${frame.what} scrolls sideways (${frame.scrollWidth} px content in ${frame.clientWidth} px)`).toBeLessThanOrEqual(frame.clientWidth);
}
