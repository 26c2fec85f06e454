import { can } from "@/lib/auth/roles";
import { getCurrentUser } from "@/lib/auth/session";
import { costCsv, costLines } from "@/lib/costs/cost-totals";
import { db } from "@/lib/db/client";
import { utcMinute } from "@/lib/format-time";
import { config } from "@/lib/config/config";

export const dynamic = "force-dynamic";

// GET /costs/export — the cost lines as CSV, one per namespace, for the platform team.
export async function GET() {
  const user = await getCurrentUser();
  if (!user) return new Response("Sign in first.\n", { status: 401 });
  if (!can(user.role, "cost:read")) return new Response("Only the platform team and administrators see costs.\n", { status: 403 });
  const { costModel } = config().orders;
  const csv = costCsv(await costLines(db(), costModel), costModel.currency);
  const day = utcMinute(new Date()).slice(0, 10);
  return new Response(csv, { headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="continuum-costs-${day}.csv"`, "cache-control": "no-store" } });
}
