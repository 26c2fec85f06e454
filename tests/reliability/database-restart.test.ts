import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";
import { startRun } from "@/lib/failover/start-run";
import { ensureJobQueues } from "@/lib/jobs/job-queue";
import { createRegionClients } from "@/lib/regions/region-clients";
import { loadRegionConfig } from "@/lib/regions/region-config";
import { syncRegions } from "@/lib/regions/sync-regions";
import { createPeople, provisionedDrApplication, runWhenSettled } from "@/tests/runs";
import { eventually, startTestSimulator } from "@/tests/simulator";
import { workerProcesses } from "@/tests/worker-processes";
import { expectServingFrom, markVolumes } from "@/tests/serving";
import { deployWorkloads } from "@/tests/workloads";

// PostgreSQL stopped under a running failover (the portal's replicas lose every connection) and
// started again a few seconds later, as a database failover or a node restart does: the run
// carries on from its step and completes, with the data where it belongs.

const sim = await startTestSimulator({ seed: false });
const kubeconfig = path.join(sim.dir, "kubeconfig");
const cloudsYaml = path.join(sim.dir, "clouds.yaml");
const configs = loadRegionConfig({ CONTINUUM_KUBECONFIG: kubeconfig, CONTINUUM_CLOUDS_YAML: cloudsYaml });
const OUTAGE_MS = Number(process.env.CONTINUUM_CHAOS_DB_OUTAGE_MS || 3000);
let home: string;
let postgres: EmbeddedDatabase;
let database: Db;
let people: Awaited<ReturnType<typeof createPeople>>;
let volumeIds: string[];

beforeAll(async () => {
  // A PostgreSQL of this test's own, since it is stopped: the other tests' server stays up.
  home = await mkdtemp(path.join(os.tmpdir(), "continuum-restart-pg-"));
  postgres = await startEmbeddedDatabase(home, { port: 0 });
  await migrate(postgres.url);
  await ensureJobQueues(postgres.url);
  database = createDb(postgres.url);
  await syncRegions(database, configs);
  people = await createPeople(database, "db-restart.example");
  await provisionedDrApplication(database, createRegionClients(configs), people, "steady");
  volumeIds = Object.values(await deployWorkloads(sim.dir, "europe-west", "steady-prod", "steady"));
  await markVolumes(sim, volumeIds);
  for (const region of ["europe-west", "europe-east"]) await sim.admin("PUT", `/regions/${region}/faults`, { latencyMs: 30 });
}, 120_000);

afterAll(async () => {
  await database?.$disconnect();
  await postgres?.stop();
  await rm(home, { recursive: true, force: true });
});

const workers = workerProcesses(() => ({
  DATABASE_URL: postgres.url,
  CONTINUUM_KUBECONFIG: kubeconfig,
  CONTINUUM_CLOUDS_YAML: cloudsYaml,
  CONTINUUM_RUN_LEASE_SECONDS: "2",
  CONTINUUM_RUN_POLL_MS: "100",
  CONTINUUM_RUN_RETRY_DELAY_MS: "200",
  CONTINUUM_HEALTH_INTERVAL_SECONDS: "1",
}));

describe("the database restarted under a running failover", () => {
  it(`stopped for ${OUTAGE_MS / 1000} s while volumes move, the run completes once it is back; the worker process lives through it`, async () => {
    const replica = await workers.start();
    const { runId } = await startRun(database, { applicationName: "steady", kind: "FAILOVER", mode: "NORMAL", reason: "database restart test", confirmation: "steady", freeCapacity: true }, people.oncall);
    await eventually(async () => {
      const run = await database.failoverRun.findUniqueOrThrow({ where: { id: runId }, include: { steps: true } });
      return run.steps.find((s) => s.name === "move-volumes")!.status === "RUNNING";
    }, 30_000);
    const port = postgres.port;
    await postgres.stop();
    await sleep(OUTAGE_MS);
    postgres = await restartOnPort(port);
    const run = await runWhenSettled(database, runId, 90_000);
    expect(run.status, run.error ?? "").toBe("SUCCEEDED");
    expect(replica.exitCode, "the worker did not crash when its connections broke").toBeNull();
    await expectServingFrom(sim, "europe-east", "steady-dr", volumeIds);
  }, 180_000);
});

/**
 * The database back at the address the replicas know, as a restarted server or a failed-over
 * service address is. A client reconnecting to the dead port can for a moment hold it itself
 * (a loopback connection to a port nobody listens on may connect to itself), so a start that
 * found the port taken waits and tries again rather than moving elsewhere.
 */
async function restartOnPort(port: number): Promise<EmbeddedDatabase> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const started = await startEmbeddedDatabase(home, { port });
    if (started.port === port) return started;
    await started.stop();
    if (Date.now() > deadline) throw new Error(`port ${port} stayed taken for 15 s; the database could not come back where the replicas look for it`);
    await sleep(250);
  }
}
