import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Db } from "@/lib/db/client";
import type { Prisma, RunKind, RunStatus } from "@/lib/generated/prisma/client";
import { log } from "@/lib/log";
import { drRegionsOf } from "./dr-regions";

// The DR state of each DR application, as Ramen shows a DRPlacementControl: one phase and the
// conditions behind it, each with when it last changed. It is derived from what the portal
// already records (runs, fences, region health, pairing, exports, drills, syncs) and stored on
// the application, so "since when" survives restarts and every page, the API and the metrics
// read the same answer. Refreshed when a run starts or ends, when a fence closes, and at every
// region health check.

export const DR_PHASES = ["PROTECTED", "FAILING_OVER", "FAILED_OVER", "FAILING_BACK", "FENCE_REQUIRED", "DEGRADED"] as const;
export type DrPhase = (typeof DR_PHASES)[number];
export const DR_CONDITIONS = ["peerReady", "dataProtected", "fenced"] as const;
export type DrConditionName = (typeof DR_CONDITIONS)[number];

export interface DrCondition {
  status: boolean;
  reason: string;
  /** When `status` last changed. */
  since: string;
}

export interface DrState {
  phase: DrPhase;
  /** When `phase` last changed. */
  phaseSince: string;
  /** One sentence on why the application is in this phase. */
  detail: string;
  conditions: Record<DrConditionName, DrCondition>;
  activeRegion: string;
  standbyRegion: string;
  lastDrillAt: string | null;
  lastSyncAt: string | null;
  checkedAt: string;
}

export interface DrFacts {
  name: string;
  primary: string;
  dr: string;
  active: string;
  standby: string;
  standbyHealthy: boolean | null;
  pairingState: string | null;
  activeRun: { kind: RunKind; status: RunStatus } | null;
  openFence: { region: string; namespace: string } | null;
  lastExportAt: Date | null;
  lastDrillAt: Date | null;
  lastSyncAt: Date | null;
}

const day = (date: Date | null) => (date ? `${date.toISOString().slice(0, 16).replace("T", " ")} UTC` : "never");

/** The state the facts describe; `since` is carried over from `previous` wherever a status did not change. */
export function deriveDrState(facts: DrFacts, previous: DrState | null, now: Date): DrState {
  const peerReady = facts.standbyHealthy === false
    ? { status: false, reason: `${facts.standby} does not answer its health check` }
    : facts.pairingState && facts.pairingState !== "paired"
      ? { status: false, reason: `the pairing check found the namespaces ${facts.pairingState}` }
      : { status: true, reason: `${facts.standby} answers and the namespaces are paired` };
  const dataProtected = facts.lastExportAt
    ? { status: true, reason: `last export ${day(facts.lastExportAt)}; last drill ${day(facts.lastDrillAt)}; last DR sync ${day(facts.lastSyncAt)}` }
    : { status: false, reason: "no export yet: a forced failover would have nothing to import; run a DR drill" };
  const fenced = facts.openFence
    ? { status: false, reason: `${facts.openFence.region}/${facts.openFence.namespace} may still run it since a forced run` }
    : { status: true, reason: "no other region may serve it" };

  const [phase, detail]: [DrPhase, string] = facts.openFence
    ? ["FENCE_REQUIRED", `${facts.openFence.region} must be scaled to 0 before anything else touches ${facts.name}`]
    : facts.activeRun?.kind === "FAILOVER"
      ? ["FAILING_OVER", `failing over from ${facts.active} to ${facts.standby}${facts.activeRun.status === "WAITING" ? ", stopped at a step: waiting for a person" : ""}`]
      : facts.activeRun?.kind === "FAILBACK"
        ? ["FAILING_BACK", `failing back from ${facts.active} to ${facts.standby}${facts.activeRun.status === "WAITING" ? ", stopped at a step: waiting for a person" : ""}`]
        : !peerReady.status
          ? ["DEGRADED", `serving from ${facts.active}, but ${peerReady.reason}: a failover may not work now`]
          : facts.active === facts.dr
            ? ["FAILED_OVER", `serving from its DR region ${facts.dr}; fail back to ${facts.primary} when it is healthy`]
            : ["PROTECTED", `serving from ${facts.primary}, ready to fail over to ${facts.dr}`];

  const stamp = now.toISOString();
  const condition = (name: DrConditionName, value: { status: boolean; reason: string }): DrCondition => {
    const before = previous?.conditions[name];
    return { ...value, since: before && before.status === value.status ? before.since : stamp };
  };
  return {
    phase,
    phaseSince: previous?.phase === phase ? previous.phaseSince : stamp,
    detail,
    conditions: { peerReady: condition("peerReady", peerReady), dataProtected: condition("dataProtected", dataProtected), fenced: condition("fenced", fenced) },
    activeRegion: facts.active,
    standbyRegion: facts.standby,
    lastDrillAt: facts.lastDrillAt?.toISOString() ?? null,
    lastSyncAt: facts.lastSyncAt?.toISOString() ?? null,
    checkedAt: stamp,
  };
}

const changed = (before: DrState | null, after: DrState) =>
  !before || before.phase !== after.phase || before.detail !== after.detail || DR_CONDITIONS.some((c) => before.conditions[c].status !== after.conditions[c].status || before.conditions[c].reason !== after.conditions[c].reason);

/**
 * Derives and stores the DR state of the given ready DR applications (all of them when none are
 * given) from a few queries for all at once; writes only the ones that changed, and audits each
 * change of phase.
 */
export async function refreshDrStates(db: Db, applicationIds?: string[]) {
  const applications = await db.application.findMany({
    where: { profile: "DR", status: "READY", ...(applicationIds ? { id: { in: applicationIds } } : {}) },
    select: { id: true, name: true, activeRegionId: true, pairingState: true, drState: true, updatedAt: true, namespaces: { select: { role: true, regionId: true, region: { select: { id: true, name: true } } } } },
  });
  if (applications.length === 0) return 0;
  const ids = applications.map((a) => a.id);
  const [regions, activeRuns, fences, drills, syncs, exports] = await Promise.all([
    db.region.findMany({ select: { id: true, clusterUp: true, storageUp: true } }),
    db.failoverRun.findMany({ where: { activeApplicationId: { in: ids } }, select: { applicationId: true, kind: true, status: true } }),
    db.regionFence.findMany({ where: { applicationId: { in: ids }, fencedAt: null }, select: { applicationId: true, namespace: true, region: { select: { name: true } } } }),
    db.failoverRun.groupBy({ by: ["applicationId"], where: { applicationId: { in: ids }, kind: "DRILL", status: "SUCCEEDED" }, _max: { finishedAt: true } }),
    db.drSync.groupBy({ by: ["applicationId"], where: { applicationId: { in: ids }, status: "SUCCEEDED" }, _max: { finishedAt: true } }),
    db.applicationExport.groupBy({ by: ["applicationId"], where: { applicationId: { in: ids } }, _max: { createdAt: true } }),
  ]);
  const health = new Map(regions.map((r) => [r.id, r.clusterUp === null && r.storageUp === null ? null : r.clusterUp !== false && r.storageUp !== false]));
  const maxOf = <T extends { applicationId: string }>(rows: T[], pick: (row: T) => Date | null) => new Map(rows.map((row) => [row.applicationId, pick(row)]));
  const lastDrill = maxOf(drills, (r) => r._max.finishedAt);
  const lastSync = maxOf(syncs, (r) => r._max.finishedAt);
  const lastExport = maxOf(exports, (r) => r._max.createdAt);
  const activeRunOf = new Map(activeRuns.map((r) => [r.applicationId, r]));
  const openFenceOf = new Map(fences.map((f) => [f.applicationId, f]));
  const now = new Date();
  let written = 0;
  for (const application of applications) {
    const regionsOf = drRegionsOf(application);
    if (!regionsOf) continue;
    const fence = openFenceOf.get(application.id);
    const previous = application.drState as DrState | null;
    const next = deriveDrState(
      {
        name: application.name,
        primary: regionsOf.primary.name,
        dr: regionsOf.dr.name,
        active: regionsOf.active.name,
        standby: regionsOf.standby.name,
        standbyHealthy: health.get(regionsOf.standby.id) ?? null,
        pairingState: application.pairingState,
        activeRun: activeRunOf.get(application.id) ?? null,
        openFence: fence ? { region: fence.region.name, namespace: fence.namespace } : null,
        lastExportAt: lastExport.get(application.id) ?? null,
        lastDrillAt: lastDrill.get(application.id) ?? null,
        lastSyncAt: lastSync.get(application.id) ?? null,
      },
      previous,
      now,
    );
    if (!changed(previous, next)) continue;
    written++;
    await db.$transaction(async (tx) => {
      // Every replica refreshes: the one whose read is still current writes, and audits, the change.
      const updated = await tx.application.updateMany({ where: { id: application.id, updatedAt: application.updatedAt }, data: { drState: next as unknown as Prisma.InputJsonValue } });
      if (updated.count === 1 && previous?.phase !== next.phase) {
        await recordAuditEvent(tx, { action: "application.dr_phase_changed", actor: "system", target: { type: "application", id: application.id }, applicationId: application.id, before: previous ? { phase: previous.phase } : undefined, after: { phase: next.phase, detail: next.detail } });
      }
    });
  }
  return written;
}

/** For the moments a run or a fence changes an application; a failure is logged, and the next health check catches up. */
export async function refreshDrStateOf(db: Db, applicationId: string) {
  await refreshDrStates(db, [applicationId]).catch((error) => log.warn({ applicationId, err: error }, "could not refresh the application's DR state; the next health check does"));
}
