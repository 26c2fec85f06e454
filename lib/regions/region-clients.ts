import { createRegionBlockStorage, type RegionBlockStorage } from "@/lib/platform/region-block-storage";
import { createRegionCluster, type RegionCluster } from "@/lib/platform/region-cluster";
import type { RetryPolicy } from "@/lib/platform/platform-error";
import { createRfc2136Traffic, type GlobalTraffic, type RouterTarget } from "@/lib/platform/global-traffic";
import { loadRegionConfig, loadTrafficConfig, type RegionConfig, type TrafficConfig } from "./region-config";

/** The cluster and block-storage client of every configured region, by region name, and where users' traffic is switched. */
export interface RegionClients {
  readonly names: string[];
  cluster(region: string): RegionCluster;
  blockStorage(region: string): RegionBlockStorage;
  /** Users' DNS, when the portal is configured to change it (CONTINUUM_TRAFFIC_CONFIG); null otherwise. */
  readonly traffic: RegionTraffic | null;
}

export interface RegionTraffic {
  dns: GlobalTraffic;
  /** Where a region's router answers; throws, naming the file, for a region it does not list. */
  routerOf(region: string): RouterTarget;
}

export class UnknownRegionError extends Error {
  constructor(region: string, known: string[], where = "in this portal") {
    super(`region "${region}" is not configured ${where} (configured: ${known.join(", ") || "none"})`);
  }
}

export function createRegionClients(configs: RegionConfig[], retry?: RetryPolicy, trafficConfig: TrafficConfig | null = null): RegionClients {
  const byName = new Map(configs.map((c) => [c.name, c]));
  const clusters = new Map<string, RegionCluster>();
  const storages = new Map<string, RegionBlockStorage>();
  const configOf = (region: string) => {
    const config = byName.get(region);
    if (!config) throw new UnknownRegionError(region, [...byName.keys()]);
    return config;
  };
  // The probe clients' budget holds for DNS too, so a page never waits long on a DNS server that is down.
  const dns = trafficConfig && createRfc2136Traffic({ ...trafficConfig.connection, ...(retry ? { attempts: retry.attempts, timeoutMs: retry.timeoutMs } : {}) });
  return {
    names: [...byName.keys()],
    traffic: dns && {
      dns,
      routerOf(region) {
        const router = trafficConfig!.routers[region];
        if (!router) throw new UnknownRegionError(region, Object.keys(trafficConfig!.routers), "in the traffic configuration's routers");
        return router;
      },
    },
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
  processClients ??= createRegionClients(loadRegionConfig(), undefined, loadTrafficConfig());
  return processClients;
}

let probeClients: RegionClients | null = null;

/** Clients that try once and give up after 3 s: for pages that show health, so a down region cannot hang them. */
export function regionProbeClients(): RegionClients {
  probeClients ??= createRegionClients(loadRegionConfig(), { attempts: 1, baseDelayMs: 0, timeoutMs: 3000 }, loadTrafficConfig());
  return probeClients;
}
