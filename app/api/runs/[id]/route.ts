import { NextResponse } from "next/server";
import { getCurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { getRunFor } from "@/lib/failover/get-run";

export const dynamic = "force-dynamic";

// GET /api/runs/:id — the run and its steps, polled by the run page while the run is active.
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const user = await getCurrentUser();
  if (!user) return NextResponse.json({ error: "Sign in first." }, { status: 401 });
  const { id } = await params;
  const run = await getRunFor(db(), id, user);
  if (!run) return NextResponse.json({ error: "That run does not exist or is not yours to see." }, { status: 404 });
  return NextResponse.json(run, { headers: { "cache-control": "no-store" } });
}
