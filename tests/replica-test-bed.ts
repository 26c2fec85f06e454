import path from "node:path";
import { beforeAll } from "vitest";
import { createRegionClients } from "@/lib/regions/region-clients";
import { loadRegionConfig } from "@/lib/regions/region-config";
import { syncRegions } from "@/lib/regions/sync-regions";
import { createPeople, provisionedDrApplication } from "./runs";
import { markVolumes } from "./serving";
import { startTestSimulator } from "./simulator";
import { createTestDatabase, type TestDatabase } from "./test-database";
import { QUICK_TAKEOVER, workerProcesses } from "./worker-processes";
import { deployWorkloads } from "./workloads";

export const WEST = "europe-west";
export const EAST = "europe-east";

export interface ReplicaTestBed {
  sim: Awaited<ReturnType<typeof startTestSimulator>>;
  t: TestDatabase;
  oncall: { id: string; email: string };
  volumeIds: string[];
  workers: ReturnType<typeof workerProcesses>;
}

/**
 * For tests that do things to portal replicas (kill, freeze): a simulator, a fresh database, one
 * DR application serving from europe-west with marked volumes, and replica processes of its own
 * that take a dead replica's runs over quickly. Every platform call takes `latencyMs`, so what the
 * test does lands inside a step rather than between two. The fields are filled before the tests.
 */
export async function replicaTestBed(application: string, { latencyMs }: { latencyMs: number }): Promise<ReplicaTestBed> {
  const sim = await startTestSimulator({ seed: false });
  const kubeconfig = path.join(sim.dir, "kubeconfig");
  const cloudsYaml = path.join(sim.dir, "clouds.yaml");
  const configs = loadRegionConfig({ CONTINUUM_KUBECONFIG: kubeconfig, CONTINUUM_CLOUDS_YAML: cloudsYaml });
  const bed: ReplicaTestBed = {
    sim,
    t: undefined as unknown as TestDatabase,
    oncall: undefined as unknown as { id: string; email: string },
    volumeIds: [] as string[],
    workers: workerProcesses(() => ({ DATABASE_URL: bed.t.url, CONTINUUM_KUBECONFIG: kubeconfig, CONTINUUM_CLOUDS_YAML: cloudsYaml, ...QUICK_TAKEOVER })),
  };
  beforeAll(async () => {
    bed.t = await createTestDatabase();
    await syncRegions(bed.t.db, configs);
    const people = await createPeople(bed.t.db, `${application}.example`);
    bed.oncall = people.oncall;
    await provisionedDrApplication(bed.t.db, createRegionClients(configs), people, application);
    bed.volumeIds = Object.values(await deployWorkloads(sim.dir, WEST, `${application}-prod`, application));
    await markVolumes(sim, bed.volumeIds);
    for (const region of [WEST, EAST]) await sim.admin("PUT", `/regions/${region}/faults`, { latencyMs });
  });
  return bed;
}
