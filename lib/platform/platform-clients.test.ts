import { describe, expect, it } from "vitest";
import { eventually, startTestSimulator } from "@/tests/simulator";
import { createRequire } from "node:module";
import { setTimeout as sleep } from "node:timers/promises";
import { DEFAULT_BREAKER, PlatformError, withCallScope } from "./platform-error";
import { createRegionBlockStorage } from "./region-block-storage";
import { CLUSTER_CONNECTIONS, createRegionCluster } from "./region-cluster";

// Contract tests: the portal's own clients against the region simulator, over HTTP(S).

const sim = await startTestSimulator();
const [west, east] = sim.regions as [(typeof sim.regions)[0], (typeof sim.regions)[0]];
const fastRetry = { attempts: 3, baseDelayMs: 10, timeoutMs: 2000 };
const cluster = (region: typeof west) => createRegionCluster(region.name, { apiUrl: region.kubeUrl, token: region.token, caCert: region.caCert }, fastRetry);
const storage = (region: typeof west) =>
  createRegionBlockStorage(
    region.name,
    { authUrl: sim.openstack.authUrl, username: sim.openstack.username, password: sim.openstack.password, userDomainName: "Default", projectName: region.projectName, projectDomainName: "Default" },
    fastRetry,
  );
const volumeData = async (id: string) => ((await sim.admin("GET", `/volumes/${id}/data`)) as { data: unknown }).data;

describe("the region cluster client", () => {
  it("talks HTTPS with the CA from the connection and reads the version", async () => {
    expect(await cluster(west).version()).toMatch(/^v1\.\d+/);
  });

  it("keeps its connections to a region open and reuses them, at most CLUSTER_CONNECTIONS at once", async () => {
    // Counts the TLS handshakes the HTTPS agent makes (Node's own tls.connect, the real connection still made).
    const tlsModule = createRequire(import.meta.url)("node:tls") as typeof import("node:tls");
    const connect = tlsModule.connect;
    let handshakes = 0;
    tlsModule.connect = ((...args: Parameters<typeof connect>) => (handshakes++, connect(...args))) as typeof connect;
    try {
      const client = cluster(east);
      for (let i = 0; i < 20; i++) await client.version();
      expect(handshakes).toBe(1);
      await Promise.all(Array.from({ length: 3 * CLUSTER_CONNECTIONS }, () => client.version()));
      expect(handshakes).toBeLessThanOrEqual(CLUSTER_CONNECTIONS);
    } finally {
      tlsModule.connect = connect;
    }
  });

  it("sees a new namespace get its own SCC block, different in each region, as OpenShift does", async () => {
    const inWest = await cluster(west).createNamespace({ name: "fresh" });
    const inEast = await cluster(east).createNamespace({ name: "fresh" });
    expect(inWest.annotations["openshift.io/sa.scc.mcs"]).toMatch(/^s0:c\d+,c\d+$/);
    expect(inWest.annotations["openshift.io/sa.scc.uid-range"]).toMatch(/^\d+\/10000$/);
    expect(inWest.annotations["openshift.io/sa.scc.supplemental-groups"]).toBe(inWest.annotations["openshift.io/sa.scc.uid-range"]);
    expect(inEast.annotations["openshift.io/sa.scc.mcs"]).not.toBe(inWest.annotations["openshift.io/sa.scc.mcs"]);
  });

  it("keeps SCC annotations given at creation", async () => {
    const annotations = { "openshift.io/sa.scc.mcs": "s0:c30,c5", "openshift.io/sa.scc.uid-range": "1000900000/10000", "openshift.io/sa.scc.supplemental-groups": "1000900000/10000" };
    const created = await cluster(east).createNamespace({ name: "paired", annotations });
    expect(created.annotations).toMatchObject(annotations);
  });

  it("answers a missing namespace with null and a duplicate with an error that names region and call", async () => {
    expect(await cluster(west).getNamespace("no-such-namespace")).toBeNull();
    const duplicate = await cluster(west).createNamespace({ name: "books-prod" }).catch((e: unknown) => e);
    expect(duplicate).toBeInstanceOf(PlatformError);
    expect(duplicate).toMatchObject({ status: 409, retryable: false, message: expect.stringMatching(/^europe-west cluster: create namespace books-prod failed: 409 .*already exists/) });
  });

  it("scales a workload to zero, which detaches its volume, and back up, which attaches it again", async () => {
    const west1 = cluster(west);
    await eventually(async () => ((await west1.getWorkload("books-prod", "Deployment", "books-db"))?.readyReplicas ?? 0) === 1);
    const [books] = (await storage(west).listVolumes()).filter((v) => v.name === "books-data");
    expect(books).toMatchObject({ status: "in-use", attachedTo: ["europe-west-worker-0"] });
    expect(await west1.scaleWorkload("books-prod", "Deployment", "books-db", 0)).toMatchObject({ replicas: 0 });
    await eventually(async () => (await storage(west).getVolume(books!.id))?.status === "available");
    await west1.scaleWorkload("books-prod", "Deployment", "books-db", 1);
    await eventually(async () => (await west1.getWorkload("books-prod", "Deployment", "books-db"))?.readyReplicas === 1);
    expect((await storage(west).getVolume(books!.id))?.status).toBe("in-use");
  });

  it("follows a namespace's workloads through the region's watch, and sees a scale as it happens", async () => {
    const client = cluster(west);
    const follower = client.followWorkloads("books-prod");
    const second = client.followWorkloads("books-prod");
    const db = () => follower.current()?.find((w) => w.name === "books-db");
    try {
      await eventually(async () => db()?.readyReplicas === 1);
      const changed = follower.next(20_000);
      const asked = Date.now();
      await client.scaleWorkload("books-prod", "Deployment", "books-db", 0);
      await changed;
      expect(Date.now() - asked).toBeLessThan(2000);
      await eventually(async () => db()?.replicas === 0 && db()?.readyReplicas === 0);
      // Another wait on the same region sees the same: one watch serves both.
      expect(second.current()?.find((w) => w.name === "books-db")).toMatchObject({ kind: "Deployment", replicas: 0 });
      await client.scaleWorkload("books-prod", "Deployment", "books-db", 1);
      await eventually(async () => db()?.readyReplicas === 1);
      // A quiet namespace's wait ends at its time limit.
      const quiet = client.followWorkloads("nothing-happens-here");
      const since = Date.now();
      await quiet.next(100);
      expect(Date.now() - since).toBeGreaterThanOrEqual(95);
      quiet.close();
    } finally {
      follower.close();
      second.close();
    }
  });

  it("reports a region that is down as retryable, naming the region, and recovers when it is back", async () => {
    await sim.admin("PUT", `/regions/${west.name}/faults`, { down: true });
    try {
      const error = await cluster(west).listNamespaces().catch((e: unknown) => e);
      expect(error).toMatchObject({ region: "europe-west", retryable: true, message: expect.stringMatching(/^europe-west cluster: list namespaces failed: unreachable/) });
    } finally {
      await sim.admin("DELETE", `/regions/${west.name}/faults`);
    }
    expect((await cluster(west).listNamespaces()).map((n) => n.name)).toContain("books-prod");
  });

  it("retries a read through passing failures but never repeats a create", async () => {
    await sim.admin("PUT", `/regions/${east.name}/faults`, { failNextCalls: 2, failureStatus: 503 });
    expect(await cluster(east).getNamespace("books-dr")).toMatchObject({ name: "books-dr" });
    await sim.admin("PUT", `/regions/${east.name}/faults`, { failNextCalls: 1, failureStatus: 500 });
    await expect(cluster(east).createNamespace({ name: "once" })).rejects.toMatchObject({ status: 500, retryable: true });
    expect(await cluster(east).getNamespace("once")).toBeNull();
  });

  it("tries a create again when the answer says it was not carried out (503), and it exists once", async () => {
    await sim.admin("PUT", `/regions/${east.name}/faults`, { failNextCalls: 1, failureStatus: 503 });
    expect(await cluster(east).createNamespace({ name: "after-503" })).toMatchObject({ name: "after-503" });
    expect((await cluster(east).listNamespaces()).filter((n) => n.name === "after-503")).toHaveLength(1);
  });

  it("stops calling a region whose calls keep failing, and calls it again after the cooldown", async () => {
    const client = cluster(west);
    await sim.admin("PUT", `/regions/${west.name}/faults`, { down: true });
    try {
      for (let i = 0; i < DEFAULT_BREAKER.threshold; i++) await expect(client.listNamespaces()).rejects.toMatchObject({ message: expect.stringMatching(/unreachable/) });
      const started = Date.now();
      await expect(client.listNamespaces()).rejects.toMatchObject({ retryable: true, message: expect.stringMatching(/^europe-west cluster: list namespaces failed: not tried: the last 10 calls failed in a row \(latest: unreachable .*\); calls resume in \d s$/) });
      expect(Date.now() - started, "refused without calling").toBeLessThan(50);
    } finally {
      await sim.admin("DELETE", `/regions/${west.name}/faults`);
    }
    await expect(client.listNamespaces()).rejects.toMatchObject({ message: expect.stringMatching(/not tried/) });
    await sleep(DEFAULT_BREAKER.cooldownMs);
    expect((await client.listNamespaces()).map((n) => n.name)).toContain("books-prod");
  });

  it("abandons a call in flight, and its retries, when the work it belongs to is stopped", async () => {
    await sim.admin("PUT", `/regions/${east.name}/faults`, { latencyMs: 3000 });
    try {
      const stop = new AbortController();
      const started = Date.now();
      setTimeout(() => stop.abort(new Error("the run's lease is lost")), 100);
      const call = withCallScope({ signal: stop.signal, beforeCall: async () => undefined }, () => cluster(east).listNamespaces());
      await expect(call).rejects.toThrow("the run's lease is lost");
      expect(Date.now() - started).toBeLessThan(1000);
      // A refused check before the call: the call is not made at all.
      const refused = withCallScope({ signal: new AbortController().signal, beforeCall: async () => Promise.reject(new Error("lease not confirmed")) }, () => storage(east).listVolumes());
      await expect(refused).rejects.toThrow("lease not confirmed");
    } finally {
      await sim.admin("DELETE", `/regions/${east.name}/faults`);
    }
  });

  it("gives up on a slow region after the call's timeout", async () => {
    await sim.admin("PUT", `/regions/${east.name}/faults`, { latencyMs: 400 });
    try {
      const slow = createRegionCluster(east.name, { apiUrl: east.kubeUrl, token: east.token, caCert: east.caCert }, { attempts: 1, baseDelayMs: 1, timeoutMs: 100 });
      await expect(slow.listNamespaces()).rejects.toMatchObject({ message: expect.stringMatching(/list namespaces failed: no answer within 100 ms/), retryable: true });
    } finally {
      await sim.admin("DELETE", `/regions/${east.name}/faults`);
    }
  });

  it("is refused with a wrong token", async () => {
    const intruder = createRegionCluster(west.name, { apiUrl: west.kubeUrl, token: "wrong", caCert: west.caCert }, fastRetry);
    await expect(intruder.listNamespaces()).rejects.toMatchObject({ status: 401, retryable: false });
  });
});

describe("the region block-storage client", () => {
  it("moves a volume between the regions' projects with a transfer, and its data with it", async () => {
    const source = storage(west);
    const target = storage(east);
    const volume = sim.cloud.createVolume(await source.projectId(), { size: 1, name: "moving" }, { rows: [{ id: 1, note: "before the move" }] });
    await eventually(async () => (await source.getVolume(volume.id))?.status === "available");

    const transfer = await source.createTransfer(volume.id, "failover books");
    expect(transfer.authKey).toMatch(/^[0-9a-f]{16}$/);
    expect((await source.getVolume(volume.id))?.status).toBe("awaiting-transfer");
    expect((await source.listTransfers()).map((t) => t.id)).toContain(transfer.id);

    await target.acceptTransfer(transfer.id, transfer.authKey);
    expect(await source.getVolume(volume.id)).toBeNull();
    expect(await target.getVolume(volume.id)).toMatchObject({ status: "available" });
    expect(await volumeData(volume.id)).toEqual({ rows: [{ id: 1, note: "before the move" }] });
  });

  it("cannot transfer a volume attached to a running pod", async () => {
    const books = (await storage(west).listVolumes()).find((v) => v.name === "books-data")!;
    await eventually(async () => (await storage(west).getVolume(books.id))?.status === "in-use");
    await expect(storage(west).createTransfer(books.id, "too early")).rejects.toMatchObject({ status: 400, retryable: false, message: expect.stringMatching(/must be available, but current status is: in-use/) });
  });

  it("refuses a wrong auth key, survives a failed accept, and a deleted transfer frees the volume", async () => {
    const source = storage(west);
    const volume = sim.cloud.createVolume(await source.projectId(), { size: 1, name: "stays" });
    await eventually(async () => (await source.getVolume(volume.id))?.status === "available");
    const transfer = await source.createTransfer(volume.id, "will fail");

    await expect(storage(east).acceptTransfer(transfer.id, "0000000000000000")).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/Invalid auth key/) });
    await sim.admin("PUT", `/regions/${east.name}/faults`, { failTransferAccepts: 1 });
    await expect(storage(east).acceptTransfer(transfer.id, transfer.authKey)).rejects.toMatchObject({ status: 500, retryable: true });
    expect((await source.getVolume(volume.id))?.status).toBe("awaiting-transfer");

    await source.deleteTransfer(transfer.id);
    expect((await source.getVolume(volume.id))?.status).toBe("available");
    await source.deleteTransfer(transfer.id); // already gone: still fine
  });

  it("reports block storage that is down as retryable, naming the region", async () => {
    await sim.admin("PUT", `/regions/${east.name}/faults`, { storageDown: true });
    try {
      await expect(storage(east).listVolumes()).rejects.toMatchObject({ region: "europe-east", status: 503, retryable: true, message: expect.stringMatching(/^europe-east block storage: list volumes failed: 503/) });
    } finally {
      await sim.admin("DELETE", `/regions/${east.name}/faults`);
    }
  });

  it("refuses wrong credentials without retrying and without echoing the password", async () => {
    const wrong = createRegionBlockStorage(west.name, { authUrl: sim.openstack.authUrl, username: "continuum", password: "not-the-password", userDomainName: "Default", projectName: west.projectName, projectDomainName: "Default" }, fastRetry);
    const error = (await wrong.listVolumes().catch((e: unknown) => e)) as PlatformError;
    expect(error).toMatchObject({ status: 401, retryable: false });
    expect(error.message).not.toContain("not-the-password");
  });
});
