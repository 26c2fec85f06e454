import type { Db } from "@/lib/db/client";
import { log } from "@/lib/log";
import { probeRegion } from "./probe-region";
import type { RegionClients } from "./region-clients";

// Each health tick probes every enabled region and stores the answer on the region's row (the
// dashboard and the metrics read it from there, so they never wait on a region that is down) and
// as a sample, for the Regions page's history.

/** How long each check's answer is kept, for the Regions page's history. */
const SAMPLES_KEPT_MS = 7 * 24 * 3600 * 1000;

export async function checkRegionHealth(db: Db, clients: RegionClients) {
  // A region a person turned off is still configured and may still serve: it is still watched.
  const regions = await db.region.findMany({ where: { OR: [{ enabled: true }, { disabledReason: { not: null } }] } });
  await db.regionHealthSample.deleteMany({ where: { at: { lt: new Date(Date.now() - SAMPLES_KEPT_MS) } } });
  return Promise.all(
    regions.map(async (region) => {
      const probe = await probeRegion(clients, region.name);
      const error = [probe.cluster.ok ? null : `cluster: ${probe.cluster.error}`, probe.storage.ok ? null : `block storage: ${probe.storage.error}`].filter(Boolean).join("; ");
      if (error && region.clusterUp !== false && region.storageUp !== false) log.warn({ region: region.name, err: error }, "region health check failed");
      await db.regionHealthSample.create({
        data: { regionId: region.id, clusterUp: probe.cluster.ok, clusterLatencyMs: probe.cluster.ok ? probe.cluster.ms : null, storageUp: probe.storage.ok, storageLatencyMs: probe.storage.ok ? probe.storage.ms : null },
      });
      return db.region.update({
        where: { id: region.id },
        data: {
          healthCheckedAt: new Date(),
          clusterUp: probe.cluster.ok,
          clusterLatencyMs: probe.cluster.ok ? probe.cluster.ms : null,
          storageUp: probe.storage.ok,
          storageLatencyMs: probe.storage.ok ? probe.storage.ms : null,
          healthError: error || null,
        },
      });
    }),
  );
}
