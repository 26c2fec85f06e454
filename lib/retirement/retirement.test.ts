import { beforeAll, describe, expect, it } from "vitest";
import { getApplicationFor } from "@/lib/applications/get-application";
import { UserFacingError } from "@/lib/errors";
import { decideOrder } from "@/lib/approvals/decide-order";
import { cinderVolumeIdOf } from "@/lib/platform/cinder-volume";
import { regionClients } from "@/lib/regions/region-clients";
import { prepareActionsAgainstSimulator } from "@/tests/act-as";
import { TEST_ORDER_SETTINGS } from "@/tests/orders";
import { createPeople, provisionedDrApplication } from "@/tests/runs";
import { startTestSimulator } from "@/tests/simulator";
import type { TestDatabase } from "@/tests/test-database";
import { deployWorkloads, kubeClientsOf } from "@/tests/workloads";
import { requestRetirement } from "./request-retirement";
import { retireApplication } from "./retire-application";

// Retiring an application: asked by its owner, approved in the same queue as orders (deleting
// volumes only with each one's name typed), then removed everywhere by a job; its block is free
// for the next order and its history stays readable.

const sim = await startTestSimulator({ seed: false });
let t: TestDatabase;
let people: Awaited<ReturnType<typeof createPeople>>;
let volumesOfRelic: string[];
let volumesOfKeeper: string[];

beforeAll(async () => {
  t = await prepareActionsAgainstSimulator(sim.dir);
  people = await createPeople(t.db, "retire.example");
  await provisionedDrApplication(t.db, regionClients(), people, "relic");
  await provisionedDrApplication(t.db, regionClients(), people, "keeper", { environments: ["prod"] });
  volumesOfRelic = Object.values(await deployWorkloads(sim.dir, "europe-west", "relic-prod", "relic"));
  volumesOfKeeper = Object.values(await deployWorkloads(sim.dir, "europe-west", "keeper-prod", "keeper"));
});

const owner = () => ({ ...people.owner, role: "OWNER" as const });
const why = "The shop moved to the new platform in October; nothing uses it any more.";
const namespacesIn = async (region: string, prefix: string) => (await kubeClientsOf(sim.dir, region).core.listNamespace()).items.map((n) => n.metadata!.name!).filter((n) => n.startsWith(prefix));
const volumeNamesOf = (ids: string[]) => ids.map((id) => sim.cloud.volumes.get(id)!.name);

describe("retiring an application", () => {
  let orderId: string;

  it("the owner's request lists the volumes and waits for an approver; nothing is removed yet", async () => {
    const order = await requestRetirement(t.db, regionClients(), { applicationName: "relic", justification: why }, owner(), TEST_ORDER_SETTINGS);
    orderId = order.id;
    expect(order).toMatchObject({ kind: "RETIRE", status: "SUBMITTED" });
    expect((order.retireVolumes as Array<{ id: string }>).map((v) => v.id).sort()).toEqual([...volumesOfRelic].sort());
    expect(await t.db.application.findUniqueOrThrow({ where: { name: "relic" } })).toMatchObject({ status: "READY" });
    expect(await namespacesIn("europe-west", "relic-")).toEqual(["relic-prod"]);
    await expect(requestRetirement(t.db, regionClients(), { applicationName: "relic", justification: why }, owner(), TEST_ORDER_SETTINGS)).rejects.toThrow(/Retiring relic is already waiting for approval/);
  });

  it("another owner cannot ask to retire it", async () => {
    const stranger = await t.db.user.create({ data: { email: "stranger@retire.example", name: "stranger", role: "OWNER" } });
    await expect(requestRetirement(t.db, regionClients(), { applicationName: "keeper", justification: why }, { ...stranger, role: "OWNER" }, TEST_ORDER_SETTINGS)).rejects.toThrow("That application does not exist or is not yours to retire.");
  });

  it("approving the deletion of its volumes needs every volume's name typed; a wrong list changes nothing", async () => {
    const names = volumeNamesOf(volumesOfRelic);
    const attempt = decideOrder(t.db, { orderId, decision: "approve", note: "", volumeDisposition: "DELETE", confirmVolumes: names[0]! }, people.approver, TEST_ORDER_SETTINGS);
    await expect(attempt).rejects.toBeInstanceOf(UserFacingError);
    await expect(attempt).rejects.toMatchObject({ fieldErrors: { confirmVolumes: [expect.stringContaining(names[1]!)] } });
    expect(await t.db.order.findUniqueOrThrow({ where: { id: orderId } })).toMatchObject({ status: "SUBMITTED" });
    await decideOrder(t.db, { orderId, decision: "approve", note: "", volumeDisposition: "DELETE", confirmVolumes: names.join(", ") }, people.approver, TEST_ORDER_SETTINGS);
    expect(await t.db.application.findUniqueOrThrow({ where: { name: "relic" } })).toMatchObject({ status: "RETIRING" });
  });

  it("the job leaves no namespace in any region, deletes the confirmed volumes, releases the block, and keeps the history readable", async () => {
    const block = await t.db.securityBlock.findFirstOrThrow({ where: { application: { name: "relic" } } });
    await retireApplication(t.db, regionClients(), orderId);
    // Run again, as a retried job would: nothing fails, nothing changes.
    await retireApplication(t.db, regionClients(), orderId);
    expect(await namespacesIn("europe-west", "relic-")).toEqual([]);
    expect(await namespacesIn("europe-east", "relic-")).toEqual([]);
    for (const id of volumesOfRelic) expect(sim.cloud.volumes.has(id)).toBe(false);
    expect((await kubeClientsOf(sim.dir, "europe-west").core.listPersistentVolume()).items.filter((pv) => volumesOfRelic.includes(cinderVolumeIdOf(pv) ?? ""))).toEqual([]);
    expect(await t.db.securityBlock.findFirst({ where: { application: { name: "relic" } } })).toBeNull();
    const history = await getApplicationFor(t.db, "relic", people.owner);
    expect(history).toMatchObject({ status: "RETIRED", activeRegionId: null });
    expect(history!.orders.map((o) => o.kind).sort()).toEqual(["NEW", "RETIRE"]);
    expect(history!.namespaces.every((ns) => ns.status === "DELETED")).toBe(true);
    expect(await t.db.auditEvent.findFirst({ where: { action: "application.retired", applicationId: history!.id } })).toMatchObject({ after: expect.objectContaining({ blockReleased: block.mcs }) });

    // Its block is given to the next order.
    const phoenix = await provisionedDrApplication(t.db, regionClients(), people, "phoenix", { environments: ["prod"] });
    expect(await t.db.securityBlock.findUniqueOrThrow({ where: { applicationId: phoenix.id } })).toMatchObject({ mcs: block.mcs, uidRangeStart: block.uidRangeStart });
  });

  it("keeping the volumes needs no typing: the namespaces go, the volumes stay in the project, detached", async () => {
    const order = await requestRetirement(t.db, regionClients(), { applicationName: "keeper", justification: why }, owner(), TEST_ORDER_SETTINGS);
    await decideOrder(t.db, { orderId: order.id, decision: "approve", note: "", volumeDisposition: "KEEP" }, people.approver, TEST_ORDER_SETTINGS);
    await expect.poll(async () => {
      try {
        return (await retireApplication(t.db, regionClients(), order.id)).status;
      } catch {
        return "not yet";
      }
    }, { timeout: 10_000 }).toBe("RETIRED");
    expect(await namespacesIn("europe-west", "keeper-")).toEqual([]);
    for (const id of volumesOfKeeper) expect(sim.cloud.volumes.get(id)).toMatchObject({ status: "available" });
  });
});
