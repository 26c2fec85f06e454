import { expect, type Page } from "@playwright/test";

export interface CapturedAction {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * Captures the browser's own server-action request that `submit` makes on a page matching
 * `urlPattern`, without letting it reach the portal, so a test can replay it as someone else.
 */
export async function captureServerAction(page: Page, urlPattern: string, submit: () => Promise<void>): Promise<CapturedAction> {
  let captured: CapturedAction | null = null;
  await page.route(urlPattern, async (route) => {
    const request = route.request();
    if (request.method() === "POST" && request.headers()["next-action"]) {
      captured = { url: request.url(), headers: request.headers(), body: request.postData() ?? "" };
      await route.abort();
    } else await route.continue();
  });
  await submit();
  await expect.poll(() => captured !== null).toBe(true);
  await page.unroute(urlPattern);
  return captured!;
}

/** The headers a replay of a captured action needs, with `extra` (an Origin, say) on top. */
export const replayHeaders = ({ headers }: CapturedAction, extra: Record<string, string> = {}) => ({
  "next-action": headers["next-action"]!,
  "content-type": headers["content-type"]!,
  accept: "text/x-component",
  "next-router-state-tree": headers["next-router-state-tree"] ?? "",
  ...extra,
});
