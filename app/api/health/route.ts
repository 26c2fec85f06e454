import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { checkDatabase } from "@/lib/db/health";

export const dynamic = "force-dynamic";

// GET /api/health: readiness (database reachable, migrations applied).
// GET /api/health?probe=live: liveness, which never touches the database.
export async function GET(request: Request) {
  if (new URL(request.url).searchParams.get("probe") === "live") {
    return NextResponse.json({ status: "ok" });
  }
  const database = await checkDatabase(db());
  const ready = database.reachable && database.migrationsPending.length === 0;
  return NextResponse.json(
    {
      status: ready ? "ok" : "unavailable",
      database: {
        reachable: database.reachable,
        migrationsApplied: database.migrationsApplied,
        migrationsPending: database.migrationsPending,
        ...(database.error ? { error: "database unreachable; see the portal's log" } : {}),
      },
    },
    { status: ready ? 200 : 503 },
  );
}
