import { NextResponse } from "next/server";
import { can } from "@/lib/auth/roles";
import { getCurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { getRegionFailover } from "@/lib/failover/get-region-failover";

export const dynamic = "force-dynamic";

// GET /api/region-failovers/:id — every run of a region failover, polled by its progress page.
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const user = await getCurrentUser();
  if (!user) return NextResponse.json({ error: "Sign in first." }, { status: 401 });
  if (!can(user.role, "application:read-all")) return NextResponse.json({ error: "Only the platform team and on-call see region failovers." }, { status: 403 });
  const view = await getRegionFailover(db(), (await params).id);
  if (!view) return NextResponse.json({ error: "There is no such region failover." }, { status: 404 });
  return NextResponse.json(view, { headers: { "cache-control": "no-store" } });
}
