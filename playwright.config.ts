import { rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

// Browser tests drive Debian's Chromium against the built portal (`next start` through
// scripts/start.ts) on its embedded default, in a throwaway home so each run starts clean.

const port = Number(process.env.E2E_PORT ?? 3100);
const home = path.join(os.tmpdir(), `continuum-e2e-${port}`);
// Everything the portal logs, searched for leaked secrets by e2e/security.spec.ts.
export const portalLog = path.join(os.tmpdir(), `continuum-e2e-${port}.log`);
// The config is loaded again in every worker; only the runner itself starts from a clean home.
if (!process.env.TEST_WORKER_INDEX) {
  rmSync(home, { recursive: true, force: true });
  rmSync(portalLog, { force: true });
}
export const portalHome = home;

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CONTINUUM_E2E_REPORT
    ? [["list"], ["json", { outputFile: process.env.CONTINUUM_E2E_REPORT }]]
    : [["list"]],
  use: {
    baseURL: `http://localhost:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
  webServer: {
    command: `node --import tsx scripts/start.ts 2>&1 | tee ${portalLog}`,
    url: `http://localhost:${port}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(port),
      CONTINUUM_HOME: home,
      CONTINUUM_PG_PORT: "0",
      DATABASE_URL: "",
      // The embedded default's region simulator, on free ports beside any simulator already running.
      CONTINUUM_KUBECONFIG: "",
      CONTINUUM_SIM_PORTS: "auto",
      CONTINUUM_SIM_DIR: path.join(home, "sim"),
      LOG_LEVEL: "info",
    },
  },
});
