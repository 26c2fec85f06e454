import { createRegionBlockStorage, type RegionBlockStorage } from "@/lib/platform/region-block-storage";
import { createRegionCluster, type RegionCluster } from "@/lib/platform/region-cluster";
import type { RetryPolicy } from "@/lib/platform/platform-error";
import { loadRegionConfig, type RegionConfig } from "./region-config";

/** The cluster and block-storage client of every configured region, by region name. */
export interface RegionClients {
  readonly names: string[];
  cluster(region: string): RegionCluster;
  blockStorage(region: string): RegionBlockStorage;
}

export class UnknownRegionError extends Error {
  constructor(region: string, known: string[]) {
    super(`region "${region}" is not configured in this portal (configured: ${known.join(", ") || "none"})`);
  }
}

export function createRegionClients(configs: RegionConfig[], retry?: RetryPolicy): RegionClients {
  const byName = new Map(configs.map((c) => [c.name, c]));
  const clusters = new Map<string, RegionCluster>();
  const storages = new Map<string, RegionBlockStorage>();
  const configOf = (region: string) => {
    const config = byName.get(region);
    if (!config) throw new UnknownRegionError(region, [...byName.keys()]);
    return config;
  };
  return {
    names: [...byName.keys()],
    cluster(region) {
      if (!clusters.has(region)) clusters.set(region, createRegionCluster(region, configOf(region).cluster, retry));
      return clusters.get(region)!;
    },
    blockStorage(region) {
      // One client per region keeps its Keystone token between calls.
      if (!storages.has(region)) storages.set(region, createRegionBlockStorage(region, configOf(region).openstack, retry));
      return storages.get(region)!;
    },
  };
}

let processClients: RegionClients | null = null;

/** This process's region clients, from the environment (see region-config.ts). */
export function regionClients(): RegionClients {
  processClients ??= createRegionClients(loadRegionConfig());
  return processClients;
}

let probeClients: RegionClients | null = null;

/** Clients that try once and give up after 3 s: for pages that show health, so a down region cannot hang them. */
export function regionProbeClients(): RegionClients {
  probeClients ??= createRegionClients(loadRegionConfig(), { attempts: 1, baseDelayMs: 0, timeoutMs: 3000 });
  return probeClients;
}
