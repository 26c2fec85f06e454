import path from "node:path";
import * as k8s from "@kubernetes/client-node";
import { beforeAll, describe, expect, it } from "vitest";
import type { OrderInput } from "@/lib/orders/order-rules";
import { createRegionClients, type RegionClients } from "@/lib/regions/region-clients";
import { loadRegionConfig } from "@/lib/regions/region-config";
import { syncRegions } from "@/lib/regions/sync-regions";
import { anOrder, approveAnOrder } from "@/tests/orders";
import { startSimulatorProcess, startTestSimulator } from "@/tests/simulator";
import { createTestDatabase, queryDatabase, type TestDatabase } from "@/tests/test-database";
import { loadBlockRange } from "@/lib/config/block-range";
import { allocateSecurityBlock } from "./allocate-security-block";
import { LABELS } from "./labels";
import { provisionApplication } from "./provision-application";
import { blockOfMcsLabel, mcsLabelOfBlock, SCC_MCS, SCC_SUPPLEMENTAL_GROUPS, SCC_UID_RANGE } from "@/lib/selinux/security-block";
import { repairPairing, verifyPairing } from "./verify-pairing";

const sim = await startTestSimulator({ regions: ["europe-west", "europe-east", "europe-north"], kubePorts: [0, 0, 0] });
const configs = loadRegionConfig({ CONTINUUM_KUBECONFIG: path.join(sim.dir, "kubeconfig"), CONTINUUM_CLOUDS_YAML: path.join(sim.dir, "clouds.yaml") });
const clients: RegionClients = createRegionClients(configs, { attempts: 1, baseDelayMs: 10, timeoutMs: 2000 });
const range = loadBlockRange({});
let t: TestDatabase;
let owner: { id: string; email: string; groups: string[] };
let approver: { id: string; email: string };

const core = (region: string) => {
  const config = new k8s.KubeConfig();
  config.loadFromFile(path.join(sim.dir, "kubeconfig"));
  config.setCurrentContext(region);
  return { core: config.makeApiClient(k8s.CoreV1Api), rbac: config.makeApiClient(k8s.RbacAuthorizationV1Api) };
};

beforeAll(async () => {
  t = await createTestDatabase();
  await syncRegions(t.db, configs);
  owner = await t.db.user.create({ data: { email: "owner@test.example", name: "Owner", role: "OWNER", groups: ["team-x"] } });
  approver = await t.db.user.create({ data: { email: "approver@test.example", name: "Approver", role: "APPROVER" } });
});

const approvedApplication = (order: Partial<OrderInput>) => approveAnOrder(t.db, anOrder({ ownerGroup: "team-x", costCenter: "CC-42", ...order }), owner, approver);

/** Every namespace of every region with the app's label, as region/name. */
async function liveNamespacesOf(app: string) {
  const found: Array<{ where: string; annotations: Record<string, string> }> = [];
  for (const config of configs) {
    for (const ns of await clients.cluster(config.name).listNamespaces(`${LABELS.application}=${app}`)) found.push({ where: `${config.name}/${ns.name}`, annotations: ns.annotations });
  }
  return found;
}

const scc = (annotations: Record<string, string>) => [annotations[SCC_MCS], annotations[SCC_UID_RANGE], annotations[SCC_SUPPLEMENTAL_GROUPS]];

describe("provisioning against the simulator", () => {
  it.each([
    ["DR", { profile: "DR", applicationName: "ledger", regions: ["europe-west", "europe-east"] }, ["europe-east/ledger-dev", "europe-east/ledger-dr", "europe-east/ledger-test", "europe-west/ledger-prod"]],
    [
      "multi-site",
      { profile: "MULTI_SITE", applicationName: "mesh", regions: ["europe-north", "europe-west", "europe-east"] },
      ["europe-east/mesh-prod", "europe-north/mesh-dev", "europe-north/mesh-prod", "europe-north/mesh-test", "europe-west/mesh-prod"],
    ],
    ["single-site", { profile: "SINGLE_SITE", applicationName: "notes", regions: ["europe-north"], environments: ["dev", "prod"] }, ["europe-north/notes-dev", "europe-north/notes-prod"]],
  ] as const)("creates exactly the %s namespaces, with one block identical across regions and unlike any other namespace", async (_, order, expected) => {
    const application = await approvedApplication(order as unknown as Partial<OrderInput>);
    const outcome = await provisionApplication(t.db, clients, application.id, range);
    expect(outcome).toEqual({ status: "READY", failed: [] });

    const mine = await liveNamespacesOf(application.name);
    expect(mine.map((n) => n.where).sort()).toEqual([...expected]);
    const blocks = new Set(mine.map((n) => JSON.stringify(scc(n.annotations))));
    expect(blocks.size).toBe(1);
    const [mcs, uid, groups] = scc(mine[0]!.annotations);
    expect(groups).toBe(uid);

    for (const config of configs) {
      const others = (await clients.cluster(config.name).listNamespaces()).filter((ns) => ns.labels[LABELS.application] !== application.name);
      for (const other of others) {
        expect(other.annotations[SCC_MCS], `${config.name}/${other.name}`).not.toBe(mcs);
        expect(other.annotations[SCC_UID_RANGE], `${config.name}/${other.name}`).not.toBe(uid);
      }
    }

    const prod = mine.find((n) => n.where.endsWith("-prod"))!;
    const [region, name] = prod.where.split("/") as [string, string];
    const { core: api, rbac } = core(region);
    expect((await api.readNamespacedResourceQuota({ namespace: name, name: "continuum-quota" })).spec?.hard).toMatchObject({ "requests.cpu": "2", "requests.memory": "4Gi" });
    expect((await rbac.readNamespacedRoleBinding({ namespace: name, name: "continuum-owner-group-edit" })).subjects).toEqual([expect.objectContaining({ kind: "Group", name: "team-x" })]);
    expect((await api.readNamespace({ name })).metadata?.labels).toMatchObject({ [LABELS.profile]: order.profile === "MULTI_SITE" ? "multi-site" : order.profile === "DR" ? "dr" : "single-site", [LABELS.costCenter]: "CC-42" });

    const stored = await t.db.application.findUniqueOrThrow({ where: { id: application.id }, include: { orders: true, namespaces: true } });
    expect(stored.status).toBe("READY");
    expect(stored.orders.map((o) => o.status)).toEqual(["READY"]);
    expect(stored.namespaces.every((ns) => ns.status === "CREATED")).toBe(true);
  });

  it("finishes after a region that was down comes back, with the same block and no duplicates", async () => {
    const application = await approvedApplication({ applicationName: "resilient" });
    const block = await allocateSecurityBlock(t.db, application.id, configs.map((c) => clients.cluster(c.name)), range);
    await sim.admin("PUT", "/regions/europe-east/faults", { down: true });
    try {
      const first = await provisionApplication(t.db, clients, application.id, range);
      expect(first.status).toBe("PROVISIONING");
      expect(first.failed.map((f) => `${f.region}/${f.namespace}`).sort()).toEqual(["europe-east/resilient-dev", "europe-east/resilient-dr", "europe-east/resilient-test"]);
      expect(first.failed[0]!.error).toMatch(/^europe-east cluster: read namespace resilient-\w+ failed/);
      const stored = await t.db.application.findUniqueOrThrow({ where: { id: application.id }, include: { orders: true } });
      expect(stored).toMatchObject({ status: "PROVISIONING", lastError: expect.stringContaining("europe-east resilient-dev") });
      expect(stored.orders[0]!.status).toBe("PROVISIONING");
    } finally {
      await sim.admin("DELETE", "/faults");
    }
    expect(await provisionApplication(t.db, clients, application.id, range)).toEqual({ status: "READY", failed: [] });
    expect(await provisionApplication(t.db, clients, application.id, range)).toEqual({ status: "READY", failed: [] });

    const mine = await liveNamespacesOf("resilient");
    expect(mine).toHaveLength(4);
    expect(new Set(mine.map((n) => n.annotations[SCC_MCS]))).toEqual(new Set([block.mcs]));
    expect(await t.db.securityBlock.count({ where: { applicationId: application.id } })).toBe(1);
  });

  it("marks the application failed on the last attempt, and a retry can still finish it", async () => {
    const application = await approvedApplication({ applicationName: "doomed", profile: "SINGLE_SITE", regions: ["europe-north"] });
    await sim.admin("PUT", "/regions/europe-north/faults", { down: true });
    try {
      expect((await provisionApplication(t.db, clients, application.id, range, { finalAttempt: true })).status).toBe("FAILED");
    } finally {
      await sim.admin("DELETE", "/faults");
    }
    const failed = await t.db.application.findUniqueOrThrow({ where: { id: application.id }, include: { orders: true } });
    expect(failed.status).toBe("FAILED");
    expect(failed.orders[0]!.status).toBe("FAILED");
    expect(await provisionApplication(t.db, clients, application.id, range)).toEqual({ status: "READY", failed: [] });
  });

  it("shows drift when someone edits one namespace's annotations, and repairs it", async () => {
    const application = await approvedApplication({ applicationName: "drifty" });
    await provisionApplication(t.db, clients, application.id, range);
    expect((await verifyPairing(t.db, clients, application.id)).paired).toBe(true);

    await clients.cluster("europe-east").setNamespaceAnnotations("drifty-dr", { [SCC_MCS]: "s0:c1,c0" });
    const report = await verifyPairing(t.db, clients, application.id);
    expect(report.paired).toBe(false);
    expect(report.namespaces.find((n) => n.namespace === "drifty-dr")).toMatchObject({ state: "drift", drift: [{ annotation: SCC_MCS, actual: "s0:c1,c0", wanted: report.block!.mcs }] });

    const repaired = await repairPairing(t.db, clients, application.id, { ...approver, requestId: "r-1" });
    expect(repaired).toMatchObject({ paired: true, repaired: 1 });
    expect(await t.db.auditEvent.findFirst({ where: { applicationId: application.id, action: "application.pairing_repaired" } })).toMatchObject({ actorId: approver.id });
  });

  it("gives 500 applications in a row 500 different blocks, at under 50 ms each (p95) against the simulator", async () => {
    // The simulator in its own process, as clusters are: its work is not the portal's time.
    const separate = await startSimulatorProcess(["--no-seed"]);
    const separateClients = createRegionClients(loadRegionConfig({ CONTINUUM_KUBECONFIG: path.join(separate.dir, "kubeconfig"), CONTINUUM_CLOUDS_YAML: path.join(separate.dir, "clouds.yaml") }));
    const ids = [];
    for (let i = 0; i < 500; i++) ids.push(`bulk-${i}`);
    await t.db.application.createMany({ data: ids.map((name) => ({ id: name, name, profile: "DR", description: "bulk", ownerGroup: "team-x", costCenter: "CC-1", quotaSize: "SMALL", ownerId: owner.id })) });
    const clusters = ["europe-west", "europe-east"].map((r) => separateClients.cluster(r));
    const wall: number[] = [];
    const cpu: number[] = [];
    for (const [i, id] of ids.entries()) {
      const started = performance.now();
      const cpuBefore = process.cpuUsage();
      const block = await allocateSecurityBlock(t.db, id, clusters, range);
      const used = process.cpuUsage(cpuBefore);
      cpu.push((used.user + used.system) / 1000);
      wall.push(performance.now() - started);
      // The clusters fill up as they would: each application's namespace carries its block.
      await clusters[i % 2]!.createNamespace({ name: id, annotations: { [SCC_MCS]: block.mcs, [SCC_UID_RANGE]: `${block.uidRangeStart}/10000` } });
    }
    const rows = await queryDatabase<{ n: number; mcs: number; uid: number }>(t.url, `SELECT count(*)::int AS n, count(DISTINCT mcs)::int AS mcs, count(DISTINCT "uidRangeStart")::int AS uid FROM "SecurityBlock"`);
    const total = rows[0]!.n;
    expect(rows[0]).toEqual({ n: total, mcs: total, uid: total });
    const summary = (label: string, values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
      console.log(`security block allocation, 500 in a row, ${label}: p50 ${at(50).toFixed(1)} ms, p95 ${at(95).toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`);
      return { p95: at(95), max: sorted.at(-1)! };
    };
    // Portal time is the portal's own CPU (reading the clusters' answers, choosing, recording);
    // wall time adds waiting for the simulator and PostgreSQL, and an occasional pause of the machine.
    // p95, not max: a garbage-collection pause of the test process now and then takes one call
    // past 50 ms (seen: 1–2 of 500, up to ~90 ms), which says nothing about the allocation.
    expect(summary("portal CPU time", cpu).p95).toBeLessThan(50);
    expect(summary("wall time", wall).p95).toBeLessThan(50);
  }, 120_000);
});

describe("security blocks", () => {
  it("maps a block to OpenShift's MCS pair and back", () => {
    expect([0, 1, 2, 3, 68, 50_000].map(mcsLabelOfBlock)).toEqual(["s0:c1,c0", "s0:c2,c0", "s0:c2,c1", "s0:c3,c0", "s0:c12,c2", "s0:c316,c230"]);
    for (const block of [0, 1, 2, 68, 50_000, 523_775]) expect(blockOfMcsLabel(mcsLabelOfBlock(block))).toBe(block);
    expect(blockOfMcsLabel("s0:c0,c1")).toBe(0);
  });

  it("refuses a block range it cannot express", () => {
    expect(loadBlockRange({ CONTINUUM_BLOCK_RANGE: "10-20" })).toEqual({ first: 10, last: 20 });
    expect(() => loadBlockRange({ CONTINUUM_BLOCK_RANGE: "20-10" })).toThrow(/must look like/);
    expect(() => loadBlockRange({ CONTINUUM_BLOCK_RANGE: "0-9999999" })).toThrow(/outside/);
  });
});
