import type { Db } from "@/lib/db/client";

// Each region's health over the last day, from the health checks' samples: how often its cluster
// API and Cinder answered, how fast, and a strip of half hours to draw (up, degraded, down, no
// checks), with what serves from it and why it is off, if it is.

export const HISTORY_HOURS = 24;
const BUCKET_MINUTES = 30;

export type Bucket = "up" | "degraded" | "down" | "none";

export interface RegionHistory {
  name: string;
  displayName: string;
  enabled: boolean;
  disabledReason: string | null;
  now: { checkedAt: string | null; clusterUp: boolean | null; clusterLatencyMs: number | null; storageUp: boolean | null; storageLatencyMs: number | null; error: string | null };
  /** Share of the window's checks where both answered (null: no checks). */
  availability: number | null;
  checks: number;
  medianLatencyMs: number | null;
  /** Oldest first, one per half hour of the window. */
  buckets: Bucket[];
  serving: { dr: number; multiSite: number; singleSite: number; standby: number };
}

const median = (values: number[]) => {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

export async function regionHistories(db: Db, now = new Date()): Promise<RegionHistory[]> {
  const since = new Date(now.getTime() - HISTORY_HOURS * 3600 * 1000);
  const [regions, samples, namespaces] = await Promise.all([
    db.region.findMany({ orderBy: { name: "asc" } }),
    db.regionHealthSample.findMany({ where: { at: { gte: since } }, orderBy: { at: "asc" } }),
    db.namespace.findMany({ where: { status: "CREATED", role: { in: ["PROD", "DR"] }, application: { status: "READY" } }, select: { regionId: true, role: true, application: { select: { id: true, profile: true, activeRegionId: true } } } }),
  ]);
  const bucketCount = (HISTORY_HOURS * 60) / BUCKET_MINUTES;
  return regions.map((region) => {
    const own = samples.filter((s) => s.regionId === region.id);
    const buckets: Bucket[] = Array.from({ length: bucketCount }, (_, i) => {
      const start = since.getTime() + i * BUCKET_MINUTES * 60_000;
      const inside = own.filter((s) => s.at.getTime() >= start && s.at.getTime() < start + BUCKET_MINUTES * 60_000);
      if (!inside.length) return "none";
      const up = inside.filter((s) => s.clusterUp && s.storageUp).length;
      return up === inside.length ? "up" : up === 0 ? "down" : "degraded";
    });
    const here = namespaces.filter((n) => n.regionId === region.id);
    const distinct = (filter: (n: (typeof here)[number]) => boolean) => new Set(here.filter(filter).map((n) => n.application.id)).size;
    return {
      name: region.name,
      displayName: region.displayName,
      enabled: region.enabled,
      disabledReason: region.disabledReason,
      now: { checkedAt: region.healthCheckedAt?.toISOString() ?? null, clusterUp: region.clusterUp, clusterLatencyMs: region.clusterLatencyMs, storageUp: region.storageUp, storageLatencyMs: region.storageLatencyMs, error: region.healthError },
      availability: own.length ? own.filter((s) => s.clusterUp && s.storageUp).length / own.length : null,
      checks: own.length,
      medianLatencyMs: median(own.flatMap((s) => (s.clusterLatencyMs === null ? [] : [s.clusterLatencyMs]))),
      buckets,
      serving: {
        dr: distinct((n) => n.application.profile === "DR" && n.application.activeRegionId === region.id),
        standby: distinct((n) => n.application.profile === "DR" && n.application.activeRegionId !== region.id),
        multiSite: distinct((n) => n.application.profile === "MULTI_SITE"),
        singleSite: distinct((n) => n.application.profile === "SINGLE_SITE"),
      },
    };
  });
}
