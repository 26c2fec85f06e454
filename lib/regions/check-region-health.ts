import type { Db } from "@/lib/db/client";
import { log } from "@/lib/log";
import { probeRegion } from "./probe-region";
import type { RegionClients } from "./region-clients";

// Each health tick probes every enabled region and stores the answer on the region's row: the
// dashboard and the metrics read it from there, so they never wait on a region that is down.

export async function checkRegionHealth(db: Db, clients: RegionClients) {
  const regions = await db.region.findMany({ where: { enabled: true } });
  return Promise.all(
    regions.map(async (region) => {
      const probe = await probeRegion(clients, region.name);
      const error = [probe.cluster.ok ? null : `cluster: ${probe.cluster.error}`, probe.storage.ok ? null : `block storage: ${probe.storage.error}`].filter(Boolean).join("; ");
      if (error && region.clusterUp !== false && region.storageUp !== false) log.warn({ region: region.name, err: error }, "region health check failed");
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
