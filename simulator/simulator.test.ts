import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import * as k8s from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { eventually, startTestSimulator } from "@/tests/simulator";

const sim = await startTestSimulator();
const kubeconfig = path.join(sim.dir, "kubeconfig");
const KUBECTL = ["/usr/bin/kubectl", "/usr/local/bin/kubectl"].find(existsSync);

function clientFor(context: string) {
  const config = new k8s.KubeConfig();
  config.loadFromFile(kubeconfig);
  config.setCurrentContext(context);
  return config;
}

describe("the simulator with an unmodified @kubernetes/client-node from the written kubeconfig", () => {
  it("keeps a pod Pending, with an event saying why, when its volume is in another region's project", async () => {
    const config = clientFor("europe-east");
    const core = config.makeApiClient(k8s.CoreV1Api);
    const apps = config.makeApiClient(k8s.AppsV1Api);
    const books = [...sim.cloud.volumes.values()].find((v) => v.name === "books-data")!;
    await core.createPersistentVolume({ body: { metadata: { name: "books-data-east" }, spec: { capacity: { storage: "1Gi" }, accessModes: ["ReadWriteOnce"], csi: { driver: "cinder.csi.openstack.org", volumeHandle: books.id } } } });
    await core.createNamespacedPersistentVolumeClaim({ namespace: "books-dr", body: { metadata: { name: "books-data" }, spec: { accessModes: ["ReadWriteOnce"], volumeName: "books-data-east", resources: { requests: { storage: "1Gi" } } } } });
    await apps.createNamespacedDeployment({
      namespace: "books-dr",
      body: {
        metadata: { name: "books-db" },
        spec: { replicas: 1, selector: { matchLabels: { app: "books" } }, template: { metadata: { labels: { app: "books" } }, spec: { containers: [{ name: "db", image: "postgres" }], volumes: [{ name: "data", persistentVolumeClaim: { claimName: "books-data" } }] } } },
      },
    });
    const event = await eventually(async () => (await core.listNamespacedEvent({ namespace: "books-dr" })).items.find((e) => e.reason === "FailedAttachVolume"));
    expect(event.message).toContain(`volume ${books.id} is not in this region's OpenStack project (continuum-europe-east)`);
    const [pod] = (await core.listNamespacedPod({ namespace: "books-dr", labelSelector: "app=books" })).items;
    expect(pod?.status?.phase).toBe("Pending");
  });

  it("streams changes to a watch, as informers use it", async () => {
    const config = clientFor("europe-west");
    const seen: string[] = [];
    const watch = new k8s.Watch(config);
    const request = await watch.watch("/api/v1/namespaces", {}, (type, object: k8s.V1Namespace) => seen.push(`${type} ${object.metadata?.name}`), () => undefined);
    await config.makeApiClient(k8s.CoreV1Api).createNamespace({ body: { metadata: { name: "watched" } } });
    await eventually(async () => seen.includes("ADDED watched"));
    request.abort();
    expect(seen).toContain("ADDED books-prod");
  });

  it("answers a stale write with 409 Conflict", async () => {
    const core = clientFor("europe-west").makeApiClient(k8s.CoreV1Api);
    const configMap = await core.readNamespacedConfigMap({ namespace: "books-prod", name: "books-config" });
    await core.replaceNamespacedConfigMap({ namespace: "books-prod", name: "books-config", body: { ...configMap, data: { LOG_LEVEL: "debug" } } });
    const stale = await core.replaceNamespacedConfigMap({ namespace: "books-prod", name: "books-config", body: { ...configMap, data: { LOG_LEVEL: "warn" } } }).catch((e: unknown) => e);
    expect(stale).toMatchObject({ code: 409 });
  });
});

describe.skipIf(!KUBECTL)(`the simulator with kubectl (${KUBECTL ?? "not installed"})`, () => {
  const kubectl = (...args: string[]) =>
    new Promise<string>((resolve, reject) => {
      const child = execFile(KUBECTL!, ["--kubeconfig", kubeconfig, "--context", "europe-east", ...args], { timeout: 30_000 }, (error, stdout, stderr) =>
        error ? reject(Object.assign(error, { stderr })) : resolve(stdout),
      );
      child.stdin?.end(); // some kubectl builds wait for stdin to close
    });

  it("applies, reads, scales, waits for, patches and deletes a workload", async () => {
    const manifest = path.join(sim.dir, "shop.yaml");
    await writeFile(
      manifest,
      `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: nginx}]
`,
    );
    expect(await kubectl("apply", "-f", manifest)).toMatch(/namespace\/shop created\s+deployment.apps\/web created/);
    expect(await kubectl("apply", "-f", manifest)).toMatch(/deployment.apps\/web unchanged/);
    expect(await kubectl("get", "namespace", "shop", "-o", "yaml")).toMatch(/openshift.io\/sa.scc.mcs: s0:c\d+,c\d+/);
    expect(await kubectl("-n", "shop", "scale", "deployment/web", "--replicas=2")).toMatch(/scaled/);
    expect(await kubectl("-n", "shop", "wait", "--for=condition=Available", "deployment/web", "--timeout=20s")).toMatch(/condition met/);
    expect(await kubectl("-n", "shop", "get", "pods", "-l", "app=web", "-o", "name")).toMatch(/^pod\/web-.*\npod\/web-.*\n$/);
    expect(await kubectl("-n", "shop", "patch", "deployment", "web", "-p", '{"metadata":{"labels":{"tier":"front"}}}')).toMatch(/patched/);
    expect(await kubectl("-n", "shop", "patch", "deployment", "web", "--type=json", "-p", '[{"op":"replace","path":"/spec/replicas","value":0}]')).toMatch(/patched/);
    expect(await kubectl("-n", "shop", "get", "deployment", "web", "-o", "jsonpath={.metadata.labels.tier} {.spec.replicas}")).toBe("front 0");
    expect(await kubectl("delete", "namespace", "shop")).toMatch(/deleted/);
    await expect(kubectl("get", "namespace", "shop")).rejects.toMatchObject({ stderr: expect.stringMatching(/NotFound.*"shop" not found/) });
  });
});
