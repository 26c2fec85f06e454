import type { Db } from "@/lib/db/client";
import { boundVolumeOf } from "@/lib/failover/namespace-export";
import type { RegionClients } from "@/lib/regions/region-clients";

export interface RetiredVolume {
  /** The Cinder volume's name, which the approver types to confirm its deletion. */
  name: string;
  id: string;
  region: string;
  namespace: string;
  claim: string;
  sizeGb: number | null;
}

/** Every Cinder volume bound to a claim in any namespace of the application, read live from every region. */
export async function applicationVolumes(db: Db, clients: RegionClients, applicationId: string): Promise<RetiredVolume[]> {
  const namespaces = await db.namespace.findMany({ where: { applicationId, status: "CREATED" }, include: { region: true }, orderBy: { name: "asc" } });
  const volumes: RetiredVolume[] = [];
  for (const namespace of namespaces) {
    const cluster = clients.cluster(namespace.region.name);
    const storage = clients.blockStorage(namespace.region.name);
    for (const claim of (await cluster.listObjects("v1", "PersistentVolumeClaim", namespace.name)) ?? []) {
      const { volumeId } = await boundVolumeOf(cluster, claim);
      if (!volumeId) continue;
      const volume = await storage.getVolume(volumeId);
      // A volume that moved to the other region's project with a failover is listed there.
      if (!volume) continue;
      volumes.push({ name: volume.name || volumeId, id: volumeId, region: namespace.region.name, namespace: namespace.name, claim: claim.metadata.name, sizeGb: volume.size ?? null });
    }
  }
  return volumes;
}
