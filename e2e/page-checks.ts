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

/**
 * A screenshot of the whole page for the README. PatternFly scrolls the page inside its main
 * container, not the document, so Playwright's fullPage stops at the window: the window is made as
 * tall as the content for the picture, then put back.
 */
export async function screenshotWholePage(page: Page, path: string) {
  const viewport = page.viewportSize()!;
  // The element that scrolls: the one holding the most content below its fold.
  const overflow = await page.evaluate(() => Math.max(0, ...[...document.querySelectorAll("*")].filter((e) => ["auto", "scroll"].includes(getComputedStyle(e).overflowY)).map((e) => e.scrollHeight - e.clientHeight)));
  await page.setViewportSize({ width: viewport.width, height: viewport.height + overflow });
  await page.screenshot({ path });
  await page.setViewportSize(viewport);
}
