import { spawn, type ChildProcess } from "node:child_process";
import { afterAll } from "vitest";

/** A dead replica's runs are taken over within 1.5 s, and steps retried quickly: for kill tests. */
export const QUICK_TAKEOVER = { CONTINUUM_RUN_LEASE_SECONDS: "1.5", CONTINUUM_RUN_POLL_MS: "100", CONTINUUM_RUN_RETRY_DELAY_MS: "100" };

/**
 * Portal replicas' background work (runs, provisioning jobs, health checks) as processes of
 * their own, the way `npm run worker` runs it, so a test can kill one with SIGKILL: no goodbye,
 * no lease handed back, as when a node dies. All are killed when the test file ends.
 */
export function workerProcesses(env: () => Record<string, string>) {
  const running = new Set<ChildProcess>();
  afterAll(() => running.forEach((w) => w.kill("SIGKILL")));

  async function start(): Promise<ChildProcess> {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/run-worker.ts"], {
      env: { ...process.env, LOG_LEVEL: "silent", ...env() },
      stdio: ["ignore", "pipe", "ignore"],
    });
    running.add(child);
    child.once("exit", () => running.delete(child));
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("[run-worker]") && resolve());
      child.once("exit", (code) => reject(new Error(`the worker exited (${code}) before it started`)));
    });
    return child;
  }

  async function kill(child: ChildProcess) {
    if (child.exitCode !== null) return;
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
  }

  return { running, start, kill, byPid: (pid: number) => [...running].find((w) => w.pid === pid) };
}
