import type { RunKind } from "@/lib/generated/prisma/client";

/** What pages call each kind of run; safe for client components (no server code behind it). */
export const RUN_KIND_LABEL: Record<RunKind, string> = { FAILOVER: "Failover", FAILBACK: "Failback", DRILL: "DR drill" };
