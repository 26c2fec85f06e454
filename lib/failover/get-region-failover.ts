import type { Db } from "@/lib/db/client";
import type { RescaleStatus, RunKind, RunStatus } from "@/lib/generated/prisma/client";
import type { TrafficMove } from "./move-traffic";
import type { RescalePlan } from "./rescale-plan";
import { stepTitle } from "./step-registry";

// One progress view for a region failover: every application's run, where it is, and totals.

export interface RegionFailoverView {
  id: string;
  region: string;
  mode: string;
  reason: string;
  startedBy: string;
  createdAt: string;
  /** When the last run ended, once none is active. */
  finishedAt: string | null;
  skipped: Array<{ application: string; why: string }>;
  counts: Record<"waiting" | "running" | "succeeded" | "stopped" | "aborted", number>;
  runs: Array<{ id: string; application: string; kind: RunKind; status: RunStatus; currentStepTitle: string | null; error: string | null; rtoSeconds: number | null; startedAt: string | null; finishedAt: string | null }>;
  /** Multi-site applications whose other regions carry the region's share: what each runs now, and what did not fit. */
  rescales: Array<{ application: string; status: RescaleStatus; items: Array<{ region: string; name: string; from: number; to: number; wanted: number }>; shortfalls: string[]; usersReach: string | null; error: string | null; finishedAt: string | null; rebalancedAt: string | null }>;
  /** Single-site applications in the region: down with it, nothing to move. */
  down: Array<{ application: string; namespaces: string[] }>;
}

export async function getRegionFailover(db: Db, id: string): Promise<RegionFailoverView | null> {
  const row = await db.regionFailover.findUnique({
    where: { id },
    include: {
      region: true,
      startedBy: { select: { email: true } },
      runs: { include: { application: { select: { name: true } } }, orderBy: { createdAt: "asc" } },
      rescales: { include: { application: { select: { name: true } } }, orderBy: { application: { name: "asc" } } },
    },
  });
  if (!row) return null;
  const counts = { waiting: 0, running: 0, succeeded: 0, stopped: 0, aborted: 0 };
  for (const run of row.runs) {
    if (run.status === "PENDING") counts.waiting++;
    else if (run.status === "RUNNING" || run.status === "PAUSED") counts.running++;
    else if (run.status === "SUCCEEDED") counts.succeeded++;
    else if (run.status === "WAITING") counts.stopped++;
    else counts.aborted++;
  }
  const rescaling = row.rescales.filter((r) => ["QUEUED", "RUNNING", "REBALANCING"].includes(r.status)).length;
  const settled = counts.waiting + counts.running + counts.stopped + rescaling === 0;
  const ends = [...row.runs.map((r) => r.finishedAt), ...row.rescales.flatMap((r) => [r.finishedAt, r.rebalancedAt])];
  const lastEnd = ends.reduce<Date | null>((latest, end) => (end && (!latest || end > latest) ? end : latest), null);
  return {
    id: row.id,
    region: row.region.name,
    mode: row.mode,
    reason: row.reason,
    startedBy: row.startedBy.email,
    createdAt: row.createdAt.toISOString(),
    finishedAt: settled && lastEnd ? lastEnd.toISOString() : null,
    skipped: row.skipped as RegionFailoverView["skipped"],
    counts,
    runs: row.runs.map((r) => ({
      id: r.id,
      application: r.application.name,
      kind: r.kind,
      status: r.status,
      currentStepTitle: r.currentStep && stepTitle(r.kind, r.currentStep),
      error: r.error,
      rtoSeconds: r.rtoSeconds,
      startedAt: r.startedAt?.toISOString() ?? null,
      finishedAt: r.finishedAt?.toISOString() ?? null,
    })),
    rescales: row.rescales.map((r) => ({
      application: r.application.name,
      status: r.status,
      items: ((r.plan as RescalePlan | null)?.items ?? []).map(({ region, name, from, to, wanted }) => ({ region, name, from, to, wanted })),
      shortfalls: r.shortfalls as string[],
      usersReach: (r.traffic as TrafficMove | null)?.resolvesTo ?? null,
      error: r.error,
      finishedAt: r.finishedAt?.toISOString() ?? null,
      rebalancedAt: r.rebalancedAt?.toISOString() ?? null,
    })),
    down: row.down as RegionFailoverView["down"],
  };
}

/** The newest region failovers, with how many runs each started, for the runs page. */
export async function listRecentRegionFailovers(db: Db, take = 10) {
  return db.regionFailover.findMany({ orderBy: { createdAt: "desc" }, take, include: { region: true, _count: { select: { runs: true } } } });
}
