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

export async function eventually<T>(check: () => Promise<T | null | undefined | false>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(25);
  }
}
