import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureJobQueues } from "@/lib/jobs/job-queue";
import { SCC_MCS, SCC_SUPPLEMENTAL_GROUPS, SCC_UID_RANGE } from "@/lib/selinux/security-block";
import { loadRegionConfig } from "@/lib/regions/region-config";
import { syncRegions } from "@/lib/regions/sync-regions";
import { anOrder, approveAnOrder } from "@/tests/orders";
import { createPeople } from "@/tests/runs";
import { eventually, startTestSimulator } from "@/tests/simulator";
import { createTestDatabase, type TestDatabase } from "@/tests/test-database";
import { workerProcesses } from "@/tests/worker-processes";
import { kubeClientsOf } from "@/tests/workloads";
import { config } from "@/lib/config/config";

// The portal killed (SIGKILL) while it provisions an approved DR application: after the block is
// chosen but before any namespace, and after each namespace in turn, and (under `npm run
// test:chaos`) at random moments. A new replica picks the job up once it has expired: the
// application ends ready, with every namespace once, one security block on all of them, one
// quota and one role binding each, and "ready" said once.

const sim = await startTestSimulator({ seed: false });
const kubeconfig = path.join(sim.dir, "kubeconfig");
const cloudsYaml = path.join(sim.dir, "clouds.yaml");
const RANDOM_KILLS = Number(process.env.CONTINUUM_CHAOS_RANDOM_PROVISION_KILLS || 0);
let t: TestDatabase;
let people: Awaited<ReturnType<typeof createPeople>>;

beforeAll(async () => {
  t = await createTestDatabase();
  await syncRegions(t.db, loadRegionConfig({ CONTINUUM_KUBECONFIG: kubeconfig, CONTINUUM_CLOUDS_YAML: cloudsYaml }));
  // A lost job comes back after 8 s here (provisioning takes about 5 s at this latency) rather
  // than the 120 s a slow real provisioning needs.
  await ensureJobQueues(t.url, { ...config().jobs, provisionJobExpireSeconds: 8 });
  people = await createPeople(t.db, "provisioning-kills.example");
  // Every call takes a while (a namespace is 5 calls: 0.75 s), so a kill aimed between two
  // namespaces lands there even on a busy machine, not after the last.
  for (const region of ["europe-west", "europe-east"]) await sim.admin("PUT", `/regions/${region}/faults`, { latencyMs: 150 });
});

const workers = workerProcesses(() => ({
  DATABASE_URL: t.url,
  CONTINUUM_KUBECONFIG: kubeconfig,
  CONTINUUM_CLOUDS_YAML: cloudsYaml,
  CONTINUUM_JOB_MAINTENANCE_SECONDS: "1",
  CONTINUUM_HEALTH_INTERVAL_SECONDS: "3600",
}));

const killAll = async () => {
  for (const worker of [...workers.running]) await workers.kill(worker);
};

/** Orders and approves a DR application (dev, test, prod and dr: four namespaces in two regions); kills the portal at `when`, starts it again. */
async function provisionThroughAKill(name: string, when: () => Promise<boolean>) {
  // One replica, the one the job lands on: the previous case's replacement is retired first.
  await killAll();
  await workers.start();
  const application = await approveAnOrder(t.db, anOrder({ applicationName: name }), people.owner, people.approver);
  await eventually(when, 30_000);
  const created = await t.db.namespace.count({ where: { applicationId: application.id, status: "CREATED" } });
  await killAll();
  await workers.start();
  const ready = await eventually(async () => {
    const now = await t.db.application.findUniqueOrThrow({ where: { id: application.id } });
    return now.status === "READY" ? now : null;
  }, 90_000);
  return { application: ready, createdBeforeKill: created };
}

async function expectProvisionedOnce(applicationId: string, name: string) {
  const namespaces = await t.db.namespace.findMany({ where: { applicationId }, include: { region: true } });
  expect(namespaces.map((n) => n.status)).toEqual(["CREATED", "CREATED", "CREATED", "CREATED"]);
  const block = await t.db.securityBlock.findMany({ where: { applicationId } });
  expect(block).toHaveLength(1);
  const annotations = [];
  for (const ns of namespaces) {
    const { core, rbac } = kubeClientsOf(sim.dir, ns.region.name);
    const live = await core.readNamespace({ name: ns.name });
    annotations.push([SCC_MCS, SCC_UID_RANGE, SCC_SUPPLEMENTAL_GROUPS].map((key) => live.metadata!.annotations![key]));
    expect((await core.listNamespacedResourceQuota({ namespace: ns.name })).items).toHaveLength(1);
    expect((await rbac.listNamespacedRoleBinding({ namespace: ns.name })).items).toHaveLength(1);
  }
  // One block, the same on every namespace in both regions, and the one the database recorded.
  expect(new Set(annotations.map((a) => a.join(" ")))).toEqual(new Set([[block[0]!.mcs, `${block[0]!.uidRangeStart}/${block[0]!.uidRangeSize}`, `${block[0]!.uidRangeStart}/${block[0]!.uidRangeSize}`].join(" ")]));
  expect(await t.db.auditEvent.count({ where: { applicationId, action: "application.ready" } })).toBe(1);
  expect(await t.db.order.findFirstOrThrow({ where: { applicationName: name } })).toMatchObject({ status: "READY" });
}

describe("provisioning survives the portal being killed", () => {
  it("killed after choosing the security block, before any namespace: it completes after a restart", async () => {
    const { application, createdBeforeKill } = await provisionThroughAKill("killed-at-block", async () => (await t.db.securityBlock.count({ where: { application: { name: "killed-at-block" } } })) > 0);
    expect(createdBeforeKill).toBeLessThan(4);
    await expectProvisionedOnce(application.id, "killed-at-block");
  }, 120_000);

  it.each([1, 2, 3])("killed after %i of 4 namespaces: it completes after a restart, nothing twice", async (count) => {
    const name = `killed-after-${count}`;
    const { application, createdBeforeKill } = await provisionThroughAKill(name, async () => (await t.db.namespace.count({ where: { application: { name }, status: "CREATED" } })) >= count);
    expect(createdBeforeKill).toBeLessThan(4);
    await expectProvisionedOnce(application.id, name);
  }, 120_000);

  it.runIf(RANDOM_KILLS > 0)(`killed at ${RANDOM_KILLS} random moments: each completes, nothing twice`, async () => {
    for (let i = 0; i < RANDOM_KILLS; i++) {
      const name = `killed-randomly-${i}`;
      const delay = Math.floor(Math.random() * 1500);
      let since: number | null = null;
      const { application } = await provisionThroughAKill(name, async () => {
        since ??= Date.now();
        if (Date.now() - since < delay) return false;
        await sleep(0);
        return true;
      });
      await expectProvisionedOnce(application.id, name);
    }
  }, 600_000);

  it("blocks of different applications never overlap", async () => {
    const blocks = await t.db.securityBlock.findMany();
    expect(new Set(blocks.map((b) => b.mcs)).size).toBe(blocks.length);
    expect(new Set(blocks.map((b) => b.uidRangeStart)).size).toBe(blocks.length);
  });
});
