import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import * as k8s from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { createRfc2136Traffic } from "@/lib/platform/global-traffic";
import { loadTrafficConfig } from "@/lib/regions/region-config";
import { DIG } from "@/tests/bind";
import { eventually, startTestSimulator } from "@/tests/simulator";
import { startSimulator } from "./start-simulator";

const sim = await startTestSimulator();
const kubeconfig = path.join(sim.dir, "kubeconfig");
const KUBECTL = ["/usr/bin/kubectl", "/usr/local/bin/kubectl"].find(existsSync);
const OPENSTACK = ["/usr/bin/openstack", "/usr/local/bin/openstack"].find(existsSync);
const NSUPDATE = ["/usr/bin/nsupdate"].find(existsSync);
const CINDER = ["/usr/bin/cinder", "/usr/local/bin/cinder"].find(existsSync);

function run(command: string, args: string[], env: Record<string, string> = {}) {
  return new Promise<string>((resolve, reject) => {
    const child = execFile(command, args, { timeout: 60_000, env: { ...process.env, ...env } }, (error, stdout, stderr) =>
      error ? reject(Object.assign(error, { stdout, stderr })) : resolve(stdout),
    );
    child.stdin?.end(); // some kubectl builds wait for stdin to close
  });
}

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
  const kubectl = (...args: string[]) => run(KUBECTL!, ["--kubeconfig", kubeconfig, "--context", "europe-east", ...args]);

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

describe.skipIf((!DIG || !NSUPDATE) && !process.env.CI)("the simulator's DNS zone with dig and nsupdate", () => {
  const dig = async (...args: string[]) => (await run(DIG!, ["@127.0.0.1", "-p", String(sim.dns.port), "+norecurse", "+time=2", ...args])).trim();
  const nsupdate = (keyFile: string, commands: string[]) =>
    new Promise<string>((resolve, reject) => {
      const child = execFile(NSUPDATE!, ["-k", keyFile], { timeout: 20_000 }, (error, stdout, stderr) => (error ? reject(Object.assign(error, { stdout, stderr })) : resolve(stdout)));
      child.stdin!.end([`server 127.0.0.1 ${sim.dns.port}`, `zone ${sim.dns.zone}`, ...commands, "send", ""].join("\n"));
    });
  const name = `books.${sim.dns.zone}`;

  it("answers the seeded global name, its SOA and NS, NXDOMAIN for a name it lacks, over UDP and TCP", async () => {
    expect(await dig("+short", name)).toBe("192.0.2.10");
    expect(await dig("+short", "+tcp", name)).toBe("192.0.2.10");
    expect(await dig("+short", sim.dns.zone, "SOA")).toMatch(/^ns1\.apps\.continuum\.test\. hostmaster\.apps\.continuum\.test\. \d+ 3600 600 86400 30$/);
    expect(await dig("+short", sim.dns.zone, "NS")).toBe("ns1.apps.continuum.test.");
    expect(await dig(`nobody.${sim.dns.zone}`)).toMatch(/status: NXDOMAIN.*flags: qr aa/s);
    expect(await dig("example.com")).toMatch(/status: REFUSED/);
  });

  it("takes nsupdate's signed updates with the key it wrote, and refuses a wrong key and an unsigned update", async () => {
    const keyFile = path.join(sim.dir, "dns.key");
    await nsupdate(keyFile, [`update delete ${name} A`, `update add ${name} 30 A 198.51.100.10`]);
    expect(await dig("+short", name)).toBe("198.51.100.10");
    expect(await dig("+noall", "+answer", name)).toMatch(/^books\.apps\.continuum\.test\.\s+30\s+IN\s+A\s+198\.51\.100\.10$/);
    await nsupdate(keyFile, [`update delete ${name}`, `update add ${name} 60 CNAME router.europe-east.example.`]);
    expect(await dig("+short", name)).toBe("router.europe-east.example.");

    const wrongKey = path.join(sim.dir, "wrong.key");
    await writeFile(wrongKey, `key "continuum-sim" {\n\talgorithm hmac-sha256;\n\tsecret "${Buffer.from("not the secret at all, not it").toString("base64")}";\n};\n`);
    await expect(nsupdate(wrongKey, [`update delete ${name}`])).rejects.toMatchObject({ stderr: expect.stringMatching(/NOTAUTH|tsig|BADSIG/i) });
    const unsigned = await new Promise<string>((resolve) => {
      const child = execFile(NSUPDATE!, [], { timeout: 20_000 }, (_error, stdout, stderr) => resolve(stdout + stderr));
      child.stdin!.end([`server 127.0.0.1 ${sim.dns.port}`, `zone ${sim.dns.zone}`, `update delete ${name}`, "send", ""].join("\n"));
    });
    expect(unsigned).toMatch(/REFUSED/);
    expect(await dig("+short", name)).toBe("router.europe-east.example.");
  });

  it("is what the portal's own RFC 2136 client changes, through the traffic configuration it wrote", async () => {
    const config = loadTrafficConfig({ CONTINUUM_TRAFFIC_CONFIG: path.join(sim.dir, "traffic.yaml") })!;
    expect(config.routers).toEqual({ "europe-west": { addresses: ["192.0.2.10"] }, "europe-east": { addresses: ["198.51.100.10"] } });
    const traffic = createRfc2136Traffic(config.connection);
    await traffic.point(name, [config.routers["europe-west"]!, config.routers["europe-east"]!]);
    expect((await dig("+short", name)).split("\n").sort()).toEqual(["192.0.2.10", "198.51.100.10"]);
    expect(await traffic.resolve(name)).toEqual({ addresses: ["192.0.2.10", "198.51.100.10"] });
    await traffic.remove(name);
    expect(await dig("+short", name)).toBe("");
    expect(await traffic.resolve(name)).toBeNull();
  });
});

describe.skipIf(!OPENSTACK)(`the simulator with the openstack CLI (${OPENSTACK ?? "not installed"})`, () => {
  const openstack = async (cloud: string, ...args: string[]) =>
    JSON.parse(await run(OPENSTACK!, ["--os-cloud", cloud, ...args, "-f", "json"], { OS_CLIENT_CONFIG_FILE: path.join(sim.dir, "clouds.yaml") }));

  it("issues a token, lists and shows volumes, and moves a volume between the regions' projects with a transfer request", async () => {
    const westProject = sim.regions.find((r) => r.name === "europe-west")!.projectId;
    const eastProject = sim.regions.find((r) => r.name === "europe-east")!.projectId;
    expect(await openstack("europe-west", "token", "issue")).toMatchObject({ project_id: westProject, id: expect.any(String) });

    const volume = await openstack("europe-west", "volume", "create", "--size", "1", "orders-data");
    await eventually(async () => (await openstack("europe-west", "volume", "show", volume.id)).status === "available", 10_000);
    await sim.admin("PUT", `/volumes/${volume.id}/data`, { data: { rows: ["order 1", "order 2"] } });
    expect(await openstack("europe-west", "volume", "list")).toContainEqual(expect.objectContaining({ ID: volume.id, Name: "orders-data" }));

    const transfer = await openstack("europe-west", "volume", "transfer", "request", "create", volume.id);
    expect(transfer.auth_key).toMatch(/^[0-9a-f]{16}$/);
    expect(await openstack("europe-west", "volume", "transfer", "request", "list")).toContainEqual(expect.objectContaining({ ID: transfer.id }));
    await expect(openstack("europe-east", "volume", "transfer", "request", "accept", "--auth-key", "0000000000000000", transfer.id)).rejects.toMatchObject({
      stderr: expect.stringMatching(/Invalid auth key/),
    });
    await openstack("europe-east", "volume", "transfer", "request", "accept", "--auth-key", transfer.auth_key, transfer.id);

    expect(await openstack("europe-east", "volume", "show", volume.id)).toMatchObject({ "os-vol-tenant-attr:tenant_id": eastProject, status: "available" });
    expect(await openstack("europe-west", "volume", "list")).not.toContainEqual(expect.objectContaining({ ID: volume.id }));
    expect(await sim.admin("GET", `/volumes/${volume.id}/data`)).toMatchObject({ data: { rows: ["order 1", "order 2"] }, project: eastProject });
  }, 60_000);
});

describe.skipIf(!CINDER)(`the simulator's Cinder quotas with the cinder CLI (${CINDER ?? "not installed"})`, () => {
  // python-cinderclient reads OS_* variables, not clouds.yaml; its quota-usage sends ?usage=True.
  const cinder = (...args: string[]) =>
    run(CINDER!, args, {
      OS_AUTH_URL: sim.openstack.authUrl,
      OS_USERNAME: sim.openstack.username,
      OS_PASSWORD: sim.openstack.password,
      OS_PROJECT_NAME: sim.regions.find((r) => r.name === "europe-east")!.projectName,
      OS_USER_DOMAIN_NAME: sim.openstack.domain,
      OS_PROJECT_DOMAIN_NAME: sim.openstack.domain,
      OS_VOLUME_API_VERSION: "3",
    });
  const table = (text: string) => Object.fromEntries(text.split("\n").filter((line) => /^\| [a-z_]+ /.test(line)).map((line) => line.split("|").slice(1, -1).map((cell) => cell.trim())).map(([name, ...values]) => [name, values]));

  it("shows usage against the limits, takes a quota update, and refuses a volume over it with Cinder's 413", async () => {
    const project = sim.regions.find((r) => r.name === "europe-east")!.projectId;
    const before = table(await cinder("quota-usage", project));
    const [volumes, gigabytes] = [Number(before.volumes![0]), Number(before.gigabytes![0])];
    await cinder("quota-update", "--volumes", String(volumes + 3), "--gigabytes", String(gigabytes + 5), project);
    await cinder("create", "--name", "quota-data", "3");
    const usage = table(await cinder("quota-usage", project));
    // Type | In_use | Reserved | Limit | Allocated
    expect(usage.volumes).toEqual([String(volumes + 1), "0", String(volumes + 3), "0"]);
    expect(usage.gigabytes).toEqual([String(gigabytes + 3), "0", String(gigabytes + 5), "0"]);
    await expect(cinder("create", "--name", "too-big", "3")).rejects.toMatchObject({
      stderr: expect.stringContaining(`VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds allowed gigabytes quota. Requested 3G, quota is ${gigabytes + 5}G and ${gigabytes + 3}G has been consumed. (HTTP 413)`),
    });
    expect(table(await cinder("quota-defaults", project)).volumes).toEqual(["1000"]);
  }, 60_000);
});

describe("the simulator's start-up", () => {
  it("takes under a second with the seed, a new TLS certificate and the client config written", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "continuum-sim-startup-"));
    const started = performance.now();
    const another = await startSimulator({ kubePorts: [0, 0, 0], openstackPort: 0, adminPort: 0, dnsPort: 0, clientConfigDir: dir });
    const elapsedMs = performance.now() - started;
    await another.stop();
    await rm(dir, { recursive: true, force: true });
    expect(another.clusters.map((c) => c.region)).toEqual(["europe-west", "europe-east", "europe-north"]);
    expect(elapsedMs).toBeLessThan(1000);
  });
});
