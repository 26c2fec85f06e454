import { timingSafeEqual } from "node:crypto";
import { db } from "@/lib/db/client";
import { portalMetrics } from "@/lib/metrics/portal-metrics";
import { config } from "@/lib/config/config";

export const dynamic = "force-dynamic";

const sameSecret = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

// GET /api/metrics — Prometheus text format. With CONTINUUM_METRICS_TOKEN set, the scraper must
// send it as a bearer token (Prometheus: `authorization: { credentials: … }`).
export async function GET(request: Request) {
  const token = config().metricsToken;
  if (token && !sameSecret(request.headers.get("authorization") ?? "", `Bearer ${token}`)) {
    return new Response("metrics need the bearer token set in CONTINUUM_METRICS_TOKEN\n", { status: 401 });
  }
  const registry = portalMetrics(db());
  return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType, "cache-control": "no-store" } });
}
