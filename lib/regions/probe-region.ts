import type { RegionClients } from "./region-clients";

// Whether a region's cluster API and Cinder answer, and how fast: for the pre-flight page, the
// region failover page and the periodic health check.

export interface RegionProbe {
  cluster: { ok: true; ms: number; version: string } | { ok: false; error: string };
  storage: { ok: true; ms: number } | { ok: false; error: string };
}

async function timed<T>(work: () => Promise<T>): Promise<{ ok: true; ms: number; value: T } | { ok: false; error: string }> {
  const started = performance.now();
  try {
    const value = await work();
    return { ok: true, ms: Math.round(performance.now() - started), value };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

/** Whether a region's cluster API and Cinder answer, and how fast. */
export async function probeRegion(clients: RegionClients, region: string): Promise<RegionProbe> {
  const [cluster, storage] = await Promise.all([timed(() => clients.cluster(region).version()), timed(() => clients.blockStorage(region).projectId())]);
  return { cluster: cluster.ok ? { ok: true, ms: cluster.ms, version: cluster.value } : cluster, storage: storage.ok ? { ok: true, ms: storage.ms } : storage };
}

