import { NextResponse } from "next/server";
import { can, rolesThatCan } from "@/lib/auth/roles";
import { getCurrentUser } from "@/lib/auth/session";
import { config } from "@/lib/config/config";
import { sharedDashboardSummary } from "@/lib/dashboard/dashboard-summary";
import { db } from "@/lib/db/client";

export const dynamic = "force-dynamic";

// GET /api/dashboard — the dashboard's summary, refreshed by its page every few seconds.
export async function GET() {
  const user = await getCurrentUser();
  if (!user) return NextResponse.json({ error: "Sign in first." }, { status: 401 });
  if (!can(user.role, "application:read-all")) return NextResponse.json({ error: `Only ${rolesThatCan("application:read-all")} can see the dashboard.` }, { status: 403 });
  return NextResponse.json(await sharedDashboardSummary(db(), { drillIntervalDays: config().drillIntervalDays }), { headers: { "cache-control": "no-store" } });
}
