import type { Db } from "@/lib/db/client";
import type { Profile, RunKind, RunStatus } from "@/lib/generated/prisma/client";
import { stepTitle } from "@/lib/failover/step-registry";
import { listEnabledRegions } from "@/lib/regions/list-regions";

// What on-call and the platform team look at first, summarised by the database whatever the
// number of applications: what needs a person now (runs in progress or stopped, fences, overdue
// drills, pairing drift), then every region with its health and how many applications serve from
// it, by profile, and where its DR applications would go. The applications themselves are paged
// lists (lib/failover/list-dr-applications.ts). Plain values only: the dashboard's client refreshes
// it as JSON (GET /api/dashboard).

/** How many of each list the summary names; the rest are counted and a link away. */
export const NAMED = 10;

export interface RegionSummary {
  name: string;
  displayName: string;
  health: { checkedAt: string | null; clusterUp: boolean | null; clusterLatencyMs: number | null; storageUp: boolean | null; storageLatencyMs: number | null; error: string | null };
  /** Applications serving from the region: DR and single-site where active, multi-site wherever they have production. */
  serving: Record<Profile, number>;
  /** DR applications that stand by here. */
  standby: number;
  /** DR applications active here, by the region they would fail over to. */
  drTo: Record<string, number>;
}

export interface AttentionRun {
  id: string;
  kind: RunKind;
  status: RunStatus;
  application: string;
  from: string;
  to: string;
  step: string | null;
  error: string | null;
  since: string;
}

export interface DashboardSummary {
  readAt: string;
  regions: RegionSummary[];
  applications: { total: number; byProfile: Record<Profile, number>; drPhases: Record<string, number> };
  attention: {
    runs: { total: number; stopped: number; items: AttentionRun[] };
    fences: { total: number; items: Array<{ application: string; region: string; namespace: string; since: string; lastError: string | null }> };
    drillsOverdue: { total: number; days: number; items: Array<{ application: string; lastDrillAt: string | null }> };
    drift: { total: number; items: Array<{ application: string; state: string; checkedAt: string | null }> };
  };
}

const PROFILES: Profile[] = ["DR", "MULTI_SITE", "SINGLE_SITE"];
const iso = (date: Date | null) => date?.toISOString() ?? null;

export async function dashboardSummary(db: Db, options: { drillIntervalDays: number }): Promise<DashboardSummary> {
  const overdueBefore = new Date(Date.now() - options.drillIntervalDays * 86_400_000);
  const [regions, serving, multiSite, standby, profiles, phases, runs, runCounts, fences, overdue, drift] = await Promise.all([
    listEnabledRegions(db),
    db.$queryRaw<Array<{ regionId: string; profile: Profile; n: number }>>`
      SELECT "activeRegionId" AS "regionId", profile, count(*)::int AS n FROM "Application"
       WHERE status = 'READY' AND profile <> 'MULTI_SITE' AND "activeRegionId" IS NOT NULL
       GROUP BY 1, 2`,
    db.$queryRaw<Array<{ regionId: string; n: number }>>`
      SELECT ns."regionId", count(DISTINCT a.id)::int AS n FROM "Namespace" ns JOIN "Application" a ON a.id = ns."applicationId"
       WHERE a.status = 'READY' AND a.profile = 'MULTI_SITE' AND ns.role = 'PROD'
       GROUP BY 1`,
    // A DR application stands by in the region of its production or DR namespace that is not active.
    db.$queryRaw<Array<{ activeRegionId: string; standbyRegionId: string; n: number }>>`
      SELECT a."activeRegionId", ns."regionId" AS "standbyRegionId", count(DISTINCT a.id)::int AS n
        FROM "Application" a JOIN "Namespace" ns ON ns."applicationId" = a.id
       WHERE a.status = 'READY' AND a.profile = 'DR' AND ns.role IN ('PROD', 'DR') AND ns."regionId" <> a."activeRegionId"
       GROUP BY 1, 2`,
    db.application.groupBy({ by: ["profile"], where: { status: "READY" }, _count: { _all: true } }),
    db.$queryRaw<Array<{ phase: string | null; n: number }>>`
      SELECT "drState"->>'phase' AS phase, count(*)::int AS n FROM "Application" WHERE status = 'READY' AND profile = 'DR' GROUP BY 1`,
    // Stopped runs first (they wait for a person), then the oldest in progress.
    db.failoverRun.findMany({
      where: { activeApplicationId: { not: null } },
      select: { id: true, kind: true, status: true, currentStep: true, error: true, createdAt: true, application: { select: { name: true } }, fromRegion: { select: { name: true } }, toRegion: { select: { name: true } } },
      orderBy: [{ status: "desc" }, { createdAt: "asc" }],
      take: NAMED,
    }),
    db.failoverRun.groupBy({ by: ["status"], where: { activeApplicationId: { not: null } }, _count: { _all: true } }),
    db.regionFence.findMany({
      where: { fencedAt: null },
      select: { namespace: true, requiredAt: true, lastError: true, application: { select: { name: true } }, region: { select: { name: true } } },
      orderBy: { requiredAt: "asc" },
    }),
    // One index lookup per DR application for its last successful drill (applicationId, createdAt).
    db.$queryRaw<Array<{ application: string; lastDrillAt: Date | null; total: number }>>`
      SELECT a.name AS application, last."createdAt" AS "lastDrillAt", (count(*) OVER ())::int AS total
        FROM "Application" a
        LEFT JOIN LATERAL (
          SELECT "createdAt" FROM "FailoverRun" r
           WHERE r."applicationId" = a.id AND r.kind = 'DRILL' AND r.status = 'SUCCEEDED'
           ORDER BY r."createdAt" DESC LIMIT 1
        ) last ON true
       WHERE a.status = 'READY' AND a.profile = 'DR' AND (last."createdAt" IS NULL OR last."createdAt" < ${overdueBefore})
       ORDER BY last."createdAt" ASC NULLS FIRST, a.name
       LIMIT ${NAMED}`,
    db.$queryRaw<Array<{ application: string; state: string; checkedAt: Date | null; total: number }>>`
      SELECT name AS application, "pairingState" AS state, "pairingCheckedAt" AS "checkedAt", (count(*) OVER ())::int AS total
        FROM "Application" WHERE status = 'READY' AND "pairingState" IN ('drift', 'missing')
       ORDER BY "pairingCheckedAt" ASC NULLS FIRST, name
       LIMIT ${NAMED}`,
  ]);

  const nameOf = new Map(regions.map((r) => [r.id, r.name]));
  const regionSummaries: RegionSummary[] = regions.map((region) => ({
    name: region.name,
    displayName: region.displayName,
    health: { checkedAt: iso(region.healthCheckedAt), clusterUp: region.clusterUp, clusterLatencyMs: region.clusterLatencyMs, storageUp: region.storageUp, storageLatencyMs: region.storageLatencyMs, error: region.healthError },
    serving: {
      DR: serving.find((s) => s.regionId === region.id && s.profile === "DR")?.n ?? 0,
      MULTI_SITE: multiSite.find((s) => s.regionId === region.id)?.n ?? 0,
      SINGLE_SITE: serving.find((s) => s.regionId === region.id && s.profile === "SINGLE_SITE")?.n ?? 0,
    },
    standby: standby.filter((s) => s.standbyRegionId === region.id).reduce((sum, s) => sum + s.n, 0),
    drTo: Object.fromEntries(standby.filter((s) => s.activeRegionId === region.id && nameOf.has(s.standbyRegionId)).map((s) => [nameOf.get(s.standbyRegionId)!, s.n])),
  }));
  const byProfile = Object.fromEntries(PROFILES.map((p) => [p, profiles.find((g) => g.profile === p)?._count._all ?? 0])) as Record<Profile, number>;
  const runCount = (status: RunStatus) => runCounts.find((c) => c.status === status)?._count._all ?? 0;

  return {
    readAt: new Date().toISOString(),
    regions: regionSummaries,
    applications: { total: PROFILES.reduce((sum, p) => sum + byProfile[p], 0), byProfile, drPhases: Object.fromEntries(phases.map((p) => [p.phase ?? "unknown", p.n])) },
    attention: {
      runs: {
        total: runCounts.reduce((sum, c) => sum + c._count._all, 0),
        stopped: runCount("WAITING"),
        items: runs.map((run) => ({
          id: run.id,
          kind: run.kind,
          status: run.status,
          application: run.application.name,
          from: run.fromRegion.name,
          to: run.toRegion.name,
          step: run.currentStep ? stepTitle(run.kind, run.currentStep) : null,
          error: run.error,
          since: run.createdAt.toISOString(),
        })),
      },
      fences: { total: fences.length, items: fences.slice(0, NAMED).map((f) => ({ application: f.application.name, region: f.region.name, namespace: f.namespace, since: f.requiredAt.toISOString(), lastError: f.lastError })) },
      drillsOverdue: { total: overdue[0]?.total ?? 0, days: options.drillIntervalDays, items: overdue.map((o) => ({ application: o.application, lastDrillAt: iso(o.lastDrillAt) })) },
      drift: { total: drift[0]?.total ?? 0, items: drift.map((d) => ({ application: d.application, state: d.state, checkedAt: iso(d.checkedAt) })) },
    },
  };
}

/** How long one summary serves every dashboard open in this process. */
export const SUMMARY_FRESH_MS = 2000;
const shared = new Map<string, { at: number; summary: Promise<DashboardSummary> }>();

/**
 * The summary as every open dashboard of this replica shares it: read at most once per
 * SUMMARY_FRESH_MS, and once for requests that arrive together. During an incident twenty people
 * watch the dashboard; the database should not count every region twenty times every 5 s.
 */
export function sharedDashboardSummary(db: Db, options: { drillIntervalDays: number }): Promise<DashboardSummary> {
  const key = String(options.drillIntervalDays);
  const held = shared.get(key);
  if (held && Date.now() - held.at < SUMMARY_FRESH_MS) return held.summary;
  const summary = dashboardSummary(db, options);
  shared.set(key, { at: Date.now(), summary });
  // A failed read is not kept: the next request asks again.
  summary.catch(() => shared.get(key)?.summary === summary && shared.delete(key));
  return summary;
}
