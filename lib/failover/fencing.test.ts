import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { regionHealthTick } from "@/lib/workers/region-health-tick";
import { createRegionClients } from "@/lib/regions/region-clients";
import { loadRegionConfig } from "@/lib/regions/region-config";
import { syncRegions } from "@/lib/regions/sync-regions";
import { createPeople, provisionedDrApplication, runWhenSettled, TEST_RUN_SETTINGS } from "@/tests/runs";
import { NAMED, startTestBind, trafficConfigOf } from "@/tests/bind";
import { eventually, startTestSimulator } from "@/tests/simulator";
import { createTestDatabase, type TestDatabase } from "@/tests/test-database";
import { deploymentsOf, deployWorkloads, kubeClientsOf, WORKLOADS } from "@/tests/workloads";
import type { DrState } from "./dr-state";
import { startRunSupervisor, type RunSupervisor } from "./run-supervisor";
import { TRAFFIC_ANNOTATION } from "./run-steps";
import { startRun, type StartRunInput } from "./start-run";

// A forced failover cannot stop the region it leaves. When that region comes back with the
// application still running, the portal fences it (workloads to 0, namespace standby) before
// anything else may touch the application, so exactly one region serves; then a failback works.

const WEST = "europe-west";
const EAST = "europe-east";
const sim = await startTestSimulator({ seed: false });
const configs = loadRegionConfig({ CONTINUUM_KUBECONFIG: path.join(sim.dir, "kubeconfig"), CONTINUUM_CLOUDS_YAML: path.join(sim.dir, "clouds.yaml") });
const ROUTERS = { [WEST]: { addresses: ["192.0.2.10"] }, [EAST]: { addresses: ["198.51.100.20"] } };
const bind = NAMED || process.env.CI ? await startTestBind() : null;
const clients = createRegionClients(configs, { attempts: 2, baseDelayMs: 20, timeoutMs: 3000 }, bind && trafficConfigOf(bind, ROUTERS));
/** Where users of vault go, by `dig` against the authoritative server. */
const usersReach = async () => (bind ? bind.dig(`vault.${bind.zone}`) : null);
let t: TestDatabase;
let oncall: { id: string; email: string };
let supervisor: RunSupervisor;

beforeAll(async () => {
  t = await createTestDatabase();
  await syncRegions(t.db, configs);
  const people = await createPeople(t.db, "fence.example");
  oncall = people.oncall;
  await provisionedDrApplication(t.db, clients, people, "vault");
  await deployWorkloads(sim.dir, WEST, "vault-prod", "vault");
  supervisor = startRunSupervisor(t.db, clients, TEST_RUN_SETTINGS);
});
afterAll(async () => {
  supervisor?.stop();
  await bind?.stop();
});

const start = (input: Partial<StartRunInput>) =>
  startRun(t.db, { applicationName: "vault", kind: "FAILOVER", mode: "NORMAL", reason: "europe-west is flooded", confirmation: "vault", freeCapacity: false, ...input }, oncall);
const drStateOf = async () => (await t.db.application.findUniqueOrThrow({ where: { name: "vault" } })).drState as DrState | null;
const serving = async (region: string, namespace: string) => Object.values(await deploymentsOf(sim.dir, region, namespace)).reduce((sum, d) => sum + (d?.ready ?? 0), 0);
const fullStrength = WORKLOADS.reduce((sum, w) => sum + w.replicas, 0);

describe("fencing after a forced failover", () => {
  it("fences the old region at the first health tick after its return, and only then lets a failback run", async () => {
    // A drill first: a forced run needs an earlier export to import from.
    expect((await runWhenSettled(t.db, (await start({ kind: "DRILL", reason: "regular drill before the flood" })).runId)).status).toBe("SUCCEEDED");

    await sim.admin("PUT", `/regions/${WEST}/faults`, { down: true });
    const forced = await start({ mode: "FORCED" });
    const run = await runWhenSettled(t.db, forced.runId);
    expect(run.status, run.error ?? "").toBe("SUCCEEDED");
    const fence = await t.db.regionFence.findFirstOrThrow({ where: { runId: forced.runId }, include: { region: true } });
    expect(fence).toMatchObject({ namespace: "vault-prod", fencedAt: null, region: { name: WEST } });
    if (bind) {
      // The forced run pointed users at europe-east only; then a restore of the zone from an old backup brings europe-west back into it.
      expect(await usersReach()).toEqual(["198.51.100.20"]);
      await clients.traffic!.dns.point(`vault.${bind.zone}`, [ROUTERS[WEST], ROUTERS[EAST]]);
      expect(await usersReach()).toEqual(["192.0.2.10", "198.51.100.20"]);
    }
    // The state is refreshed right after the run's end is recorded.
    const unfenced = await eventually(async () => ((state) => (state?.phase === "FENCE_REQUIRED" ? state : null))(await drStateOf()), 5000);
    expect(unfenced.conditions.fenced).toMatchObject({ status: false, reason: "europe-west/vault-prod may still run it since a forced run" });

    // Nothing may touch the application while europe-west may still run it.
    await expect(start({ kind: "FAILBACK", reason: "europe-west is dry again" })).rejects.toThrow(/europe-west may still run vault in vault-prod from before the forced run .* two regions must not serve the same data/);

    // europe-west comes back, and its copy of the application never stopped.
    await sim.admin("DELETE", "/faults");
    expect(await serving(EAST, "vault-dr")).toBe(fullStrength);
    expect((await deploymentsOf(sim.dir, WEST, "vault-prod")).web).toMatchObject({ replicas: 3 });

    // One health tick (once per interval across the replicas) sees europe-west answer, and fences it.
    await regionHealthTick(t.db, clients);
    const fenced = (await t.db.regionFence.findUniqueOrThrow({ where: { id: fence.id } })).fencedAt!;
    expect(fenced).toBeInstanceOf(Date);
    for (const workload of WORKLOADS) expect((await deploymentsOf(sim.dir, WEST, "vault-prod"))[workload.name]).toMatchObject({ replicas: 0 });
    const westNamespace = await kubeClientsOf(sim.dir, WEST).core.readNamespace({ name: "vault-prod" });
    expect(westNamespace.metadata!.annotations![TRAFFIC_ANNOTATION]).toBe("standby");
    // Exactly one region serves, and users' DNS names only it.
    await eventually(async () => (await serving(WEST, "vault-prod")) === 0, 10_000);
    if (bind) expect(await usersReach()).toEqual(["198.51.100.20"]);
    expect(await serving(EAST, "vault-dr")).toBe(fullStrength);
    const failedOver = (await drStateOf())!;
    expect(failedOver.phase).toBe("FAILED_OVER");
    expect(failedOver.conditions.fenced).toMatchObject({ status: true });
    expect(new Date(failedOver.conditions.fenced.since).getTime()).toBeGreaterThanOrEqual(fenced.getTime());

    const events = await t.db.auditEvent.findMany({ where: { action: { in: ["application.fence_required", "application.fenced"] } }, orderBy: { at: "asc" } });
    expect(events.map((e) => e.action)).toEqual(["application.fence_required", "application.fenced"]);
    expect(events[1]!.after).toMatchObject({ region: WEST, namespace: "vault-prod", stopped: expect.arrayContaining([{ kind: "Deployment", name: "web", from: 3 }]) });
    if (bind) expect(events[1]!.after).toMatchObject({ traffic: { globalName: `vault.${bind.zone}`, resolvesTo: "198.51.100.20" } });

    // Fenced: a planned failback now runs, and brings the application home.
    const failback = await runWhenSettled(t.db, (await start({ kind: "FAILBACK", reason: "europe-west is dry again" })).runId);
    expect(failback.status, failback.error ?? "").toBe("SUCCEEDED");
    expect(await serving(WEST, "vault-prod")).toBe(fullStrength);
    expect(await serving(EAST, "vault-dr")).toBe(0);
    if (bind) expect(await usersReach()).toEqual(["192.0.2.10"]);
    expect(await eventually(async () => ((state) => (state?.phase === "PROTECTED" ? state : null))(await drStateOf()), 5000)).toMatchObject({ activeRegion: WEST, standbyRegion: EAST });
    // Each change of phase is in the audit log, in order.
    const phases = (await t.db.auditEvent.findMany({ where: { action: "application.dr_phase_changed" }, orderBy: { at: "asc" } })).map((e) => (e.after as { phase: string }).phase);
    expect(phases).toEqual(expect.arrayContaining(["FAILING_OVER", "FENCE_REQUIRED", "FAILED_OVER", "FAILING_BACK", "PROTECTED"]));
    expect(phases.at(-1)).toBe("PROTECTED");
  });
});
