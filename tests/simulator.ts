import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, onTestFinished } from "vitest";
import { startSimulator, type RunningSimulator, type SimulatorOptions } from "@/simulator/start-simulator";

// Two regions unless a test asks for more: every region adds health checks and reconcile loops.
const TEST_REGIONS = ["europe-west", "europe-east"];

/** A region simulator on free ports for one test file, stopped when the file's tests end. */
export async function startTestSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator & { dir: string; admin: (method: string, path: string, body?: unknown) => Promise<unknown> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "continuum-sim-"));
  const regions = options.regions ?? TEST_REGIONS;
  const simulator = await startSimulator({ kubePorts: regions.map(() => 0), openstackPort: 0, adminPort: 0, dnsPort: 0, clientConfigDir: dir, podReadyDelayMs: 50, provisionDelayMs: 20, ...options, regions });
  afterAll(async () => {
    await simulator.stop();
    await rm(dir, { recursive: true, force: true });
  });
  const admin = async (method: string, route: string, body?: unknown) => {
    const response = await fetch(simulator.adminUrl + route, { method, body: body === undefined ? undefined : JSON.stringify(body) });
    const json = await response.json();
    if (!response.ok) throw new Error(`admin ${method} ${route}: ${JSON.stringify(json)}`);
    return json;
  };
  return { ...simulator, dir, admin };
}

/**
 * The simulator as its own process (`npm run sim --free-ports`), for measurements where its work
 * must not share the test's event loop, as a real cluster would not. Stopped when the calling
 * test ends.
 */
export async function startSimulatorProcess(args: string[] = []): Promise<{ dir: string; stop: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "continuum-simproc-"));
  const regions = args.includes("--regions") ? [] : ["--regions", TEST_REGIONS.join(",")];
  const child = spawn(process.execPath, ["--import", "tsx", "simulator/main.ts", "--dir", dir, "--free-ports", ...regions, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk) => {
      output += chunk;
      if (output.includes("[simulator] up in")) resolve();
    });
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("exit", (code) => reject(new Error(`the simulator exited (${code}): ${output}`)));
  });
  const stop = async () => {
    child.removeAllListeners("exit");
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
    await rm(dir, { recursive: true, force: true });
  };
  onTestFinished(stop);
  return { dir, stop };
}

/**
 * Sets a region's Cinder quotas the way an operator does (`cinder quota-update`): a Keystone token
 * for the region's project, then PUT os-quota-sets over HTTP. -1 is unlimited.
 */
export async function setCinderQuota(simulator: Pick<RunningSimulator, "regions" | "openstack">, region: string, limits: Partial<Record<"volumes" | "gigabytes" | "snapshots", number>>) {
  const project = simulator.regions.find((r) => r.name === region)!;
  const { authUrl, username, password, domain } = simulator.openstack;
  const auth = await fetch(`${authUrl}/auth/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ auth: { identity: { methods: ["password"], password: { user: { name: username, domain: { name: domain }, password } } }, scope: { project: { name: project.projectName, domain: { name: domain } } } } }),
  });
  if (!auth.ok) throw new Error(`keystone: ${auth.status}`);
  const catalog = ((await auth.json()) as { token: { catalog: Array<{ type: string; endpoints: Array<{ interface: string; url: string }> }> } }).token.catalog;
  const cinder = catalog.find((service) => service.type === "block-storage" || service.type === "volumev3")!.endpoints.find((e) => e.interface === "public")!.url;
  const response = await fetch(`${cinder}/os-quota-sets/${project.projectId}`, { method: "PUT", headers: { "content-type": "application/json", "x-auth-token": auth.headers.get("x-subject-token")! }, body: JSON.stringify({ quota_set: limits }) });
  if (!response.ok) throw new Error(`cinder quota update: ${response.status} ${await response.text()}`);
}

export async function eventually<T>(check: () => Promise<T | null | undefined | false>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(25);
  }
}
