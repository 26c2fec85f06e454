import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { z } from "zod";
import { writeClientConfig } from "./client-config";
import { FaultBoard, RegionFaultsSchema } from "./faults";
import { readBody, sendJson } from "./http";
import { Cluster } from "./kube/cluster";
import { RESOURCE_TYPES } from "./kube/resources";
import { KubeApiServer } from "./kube/server";
import { OpenStackCloud } from "./openstack/cloud";
import { OpenStackServer } from "./openstack/server";
import { ZoneServer } from "./dns/zone-server";
import type { TsigKey } from "@/lib/platform/tsig";
import { seedExampleApplications } from "./seed";
import { loadOrCreateTls } from "./tls";

// Three, so a multi-site application can have the quorum DESIGN.md recommends, or grow into a third.
export const DEFAULT_REGIONS = ["europe-west", "europe-east", "europe-north"];

export interface SimulatorOptions {
  regions?: string[];
  /** Ports of the regions' cluster APIs (default 16443, 16444, …; 0 picks free ones). */
  kubePorts?: number[];
  openstackPort?: number;
  adminPort?: number;
  /** Port of the authoritative DNS server for the applications' global names, UDP and TCP (default 15353; 0 picks a free one). */
  dnsPort?: number;
  /** Where kubeconfig, clouds.yaml and the simulator's own secrets go; null writes nothing. */
  clientConfigDir?: string | null;
  /** A JSON file the state is saved to and restored from; null keeps it in memory only. */
  stateFile?: string | null;
  seed?: boolean;
  podReadyDelayMs?: number;
  provisionDelayMs?: number;
}

export interface SimulatedRegion {
  name: string;
  kubeUrl: string;
  token: string;
  caCert: string;
  projectId: string;
  projectName: string;
}

/** The zone users' global names live in, served by the simulator, and each region's router in it. */
export const SIMULATED_ZONE = "apps.continuum.test";
const ROUTER_ADDRESSES = ["192.0.2.10", "198.51.100.10", "203.0.113.10"];

export interface SimulatedDns {
  host: string;
  port: number;
  zone: string;
  key: TsigKey;
  /** Where each region's router answers (documentation addresses, RFC 5737). */
  routers: Record<string, { addresses: string[] }>;
}

export interface RunningSimulator {
  regions: SimulatedRegion[];
  dns: SimulatedDns;
  zone: ZoneServer;
  openstack: { authUrl: string; username: string; password: string; domain: string };
  adminUrl: string;
  faults: FaultBoard;
  cloud: OpenStackCloud;
  clusters: Cluster[];
  stop(): Promise<void>;
}

interface Secrets {
  tokens: Record<string, string>;
  openstackPassword: string;
  dnsKeySecret: string;
}

function loadSecrets(dir: string | null, regions: string[]): Secrets {
  const file = dir ? path.join(dir, "secrets.json") : null;
  const saved: Partial<Secrets> = file && existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
  const secrets: Secrets = {
    tokens: Object.fromEntries(regions.map((r) => [r, saved.tokens?.[r] ?? `sha256~${randomBytes(24).toString("base64url")}`])),
    openstackPassword: saved.openstackPassword ?? randomBytes(12).toString("base64url"),
    dnsKeySecret: saved.dnsKeySecret ?? randomBytes(32).toString("base64"),
  };
  if (file) writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  return secrets;
}

function listen(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(error.code === "EADDRINUSE" ? new Error(`port ${port} on ${host} is in use: is another simulator running? (${error.message})`) : error),
    );
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

const VolumeData = z.object({ data: z.unknown() });

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const regions = options.regions ?? DEFAULT_REGIONS;
  const host = "127.0.0.1";
  const dir = options.clientConfigDir ?? null;
  if (dir) mkdirSync(dir, { recursive: true });
  const secrets = loadSecrets(dir, regions);
  const tls = await loadOrCreateTls(dir);
  const faults = new FaultBoard(regions);
  const cloud = new OpenStackCloud(regions, { provisionDelayMs: options.provisionDelayMs ?? 300 });
  const clusters = regions.map(
    (region, index) =>
      new Cluster({ region, firstSecurityBlock: 5 + index * 8, podReadyDelayMs: options.podReadyDelayMs ?? 1500, serveDeploymentConfigs: true }, cloud),
  );

  const stateFile = options.stateFile ?? null;
  let restored = false;
  let savedZone: ReturnType<ZoneServer["snapshot"]> | undefined;
  if (stateFile && existsSync(stateFile)) {
    const saved = JSON.parse(readFileSync(stateFile, "utf8")) as { cloud: Parameters<OpenStackCloud["restore"]>[0]; clusters: Record<string, Parameters<Cluster["store"]["restore"]>[0]>; dns?: ReturnType<ZoneServer["snapshot"]> };
    savedZone = saved.dns;
    cloud.restore(saved.cloud);
    for (const cluster of clusters) {
      const state = saved.clusters[cluster.region];
      if (state) cluster.store.restore(state, (plural) => RESOURCE_TYPES.find((t) => t.plural === plural));
    }
    restored = true;
  }
  if (!restored && options.seed !== false) seedExampleApplications(clusters, cloud);
  const dnsKey: TsigKey = { name: "continuum-sim", algorithm: "hmac-sha256", secret: secrets.dnsKeySecret };
  const zone = new ZoneServer(SIMULATED_ZONE, dnsKey, savedZone);
  // The seeded books serves from the first region: its users' name points at that region's router.
  if (!restored && options.seed !== false) zone.put({ name: `books.${SIMULATED_ZONE}`, type: "A", ttl: 30, data: ROUTER_ADDRESSES[0] });

  const writeState = (file: string) => {
    const state = { cloud: cloud.snapshotState(), clusters: Object.fromEntries(clusters.map((c) => [c.region, c.store.snapshot()])), dns: zone.snapshot() };
    writeFileSync(file + ".tmp", JSON.stringify(state));
    renameSync(file + ".tmp", file);
  };
  // Changes come in bursts (one request moves several objects): save once per burst.
  let saveTimer: NodeJS.Timeout | null = null;
  const save = () => {
    if (!stateFile || saveTimer) return;
    saveTimer = setTimeout(() => {
      saveTimer = null;
      writeState(stateFile);
    }, 200);
  };
  cloud.onChange(save);
  zone.onChange(save);
  for (const cluster of clusters) cluster.store.subscribe(save);

  const servers: http.Server[] = [];
  const simulated: SimulatedRegion[] = [];
  for (const [index, cluster] of clusters.entries()) {
    const api = new KubeApiServer(cluster, faults, secrets.tokens[cluster.region]!);
    const server = https.createServer({ cert: tls.cert, key: tls.key }, (req, res) => void api.handle(req, res));
    servers.push(server);
    const port = await listen(server, options.kubePorts?.[index] ?? 16443 + index, host);
    const project = cloud.projectOfRegion(cluster.region);
    simulated.push({ name: cluster.region, kubeUrl: `https://${host}:${port}`, token: secrets.tokens[cluster.region]!, caCert: tls.cert, projectId: project.id, projectName: project.name });
  }

  let openstackBase = "";
  const credentials = { username: "continuum", password: secrets.openstackPassword, domain: "Default" };
  const openstack = new OpenStackServer(cloud, faults, credentials, () => openstackBase);
  const openstackServer = http.createServer((req, res) => void openstack.handle(req, res));
  servers.push(openstackServer);
  openstackBase = `http://${host}:${await listen(openstackServer, options.openstackPort ?? 15000, host)}`;

  const dns: SimulatedDns = {
    host,
    port: await zone.listen(options.dnsPort ?? 15353, host),
    zone: SIMULATED_ZONE,
    key: dnsKey,
    routers: Object.fromEntries(regions.map((region, index) => [region, { addresses: [ROUTER_ADDRESSES[index] ?? `192.0.2.${10 + index}`] }])),
  };

  const adminServer = http.createServer((req, res) => void handleAdmin(req, res));
  servers.push(adminServer);
  const adminUrl = `http://${host}:${await listen(adminServer, options.adminPort ?? 16400, host)}`;

  // The admin endpoint: faults and volume contents, for operators and tests. Loopback only.
  async function handleAdmin(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? "/", adminUrl);
    try {
      if (url.pathname === "/health") return sendJson(res, 200, { ok: true, regions });
      if (url.pathname === "/state" && req.method === "GET") {
        return sendJson(res, 200, {
          regions: clusters.map((c) => ({ name: c.region, faults: faults.get(c.region), failedCalls: faults.failedCalls.get(c.region) ?? 0, resourceVersion: c.store.resourceVersion })),
          volumes: [...cloud.volumes.values()].map(({ data: _data, ...v }) => ({ ...v, region: cloud.projects.find((p) => p.id === v.project_id)?.region })),
          transfers: [...cloud.transfers.values()].map(({ auth_key: _key, ...t }) => t),
          dns: zone.snapshot(),
        });
      }
      // The secrets a portal must never show or log, for leak checks: cluster tokens, the
      // OpenStack password and every transfer auth_key issued since the simulator started.
      if (url.pathname === "/secrets" && req.method === "GET") {
        return sendJson(res, 200, { clusterTokens: Object.values(secrets.tokens), openstackPassword: secrets.openstackPassword, dnsKeySecret: secrets.dnsKeySecret, transferAuthKeys: cloud.issuedAuthKeys });
      }
      if (url.pathname === "/faults" && req.method === "DELETE") {
        faults.clear();
        return sendJson(res, 200, { regions: Object.fromEntries(regions.map((r) => [r, faults.get(r)])) });
      }
      let m = url.pathname.match(/^\/regions\/([^/]+)\/faults$/);
      if (m) {
        const region = decodeURIComponent(m[1]!);
        if (!regions.includes(region)) return sendJson(res, 404, { error: `no region named ${region}; regions are ${regions.join(", ")}` });
        if (req.method === "GET") return sendJson(res, 200, faults.get(region));
        if (req.method === "DELETE") return faults.clear(region), sendJson(res, 200, faults.get(region));
        if (req.method === "PUT" || req.method === "PATCH") {
          const change = RegionFaultsSchema.partial().strict().safeParse(JSON.parse((await readBody(req)) || "{}"));
          if (!change.success) return sendJson(res, 400, { error: z.prettifyError(change.error) });
          return sendJson(res, 200, faults.set(region, change.data));
        }
      }
      m = url.pathname.match(/^\/volumes\/([^/]+)\/data$/);
      if (m) {
        const volume = cloud.volumes.get(decodeURIComponent(m[1]!));
        if (!volume) return sendJson(res, 404, { error: `no volume ${m[1]}` });
        if (req.method === "GET") return sendJson(res, 200, { data: volume.data, project: volume.project_id, status: volume.status });
        if (req.method === "PUT") {
          const input = VolumeData.safeParse(JSON.parse((await readBody(req)) || "{}"));
          if (!input.success) return sendJson(res, 400, { error: z.prettifyError(input.error) });
          volume.data = input.data.data;
          save();
          return sendJson(res, 200, { data: volume.data });
        }
      }
      sendJson(res, 404, { error: `no admin route ${req.method} ${url.pathname}` });
    } catch (error) {
      sendJson(res, 400, { error: (error as Error).message });
    }
  }

  const running: RunningSimulator = {
    regions: simulated,
    dns,
    zone,
    openstack: { authUrl: `${openstackBase}/identity/v3`, ...credentials },
    adminUrl,
    faults,
    cloud,
    clusters,
    async stop() {
      for (const cluster of clusters) cluster.stop();
      await zone.stop();
      if (saveTimer) {
        clearTimeout(saveTimer);
        saveTimer = null;
        if (stateFile) writeState(stateFile);
      }
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.closeAllConnections();
              server.close(() => resolve());
            }),
        ),
      );
    },
  };
  if (dir) writeClientConfig(dir, running);
  return running;
}
