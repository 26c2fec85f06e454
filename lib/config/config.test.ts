import { spawnSync } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config";

describe("the portal's configuration", () => {
  it("has a default for everything a fresh machine leaves unset", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ databaseUrl: null, publicUrl: "http://localhost:3000", secretKey: null, workers: true, healthIntervalMs: 30_000, metricsToken: null, blockRange: { first: 50_000, last: 59_999 } });
    expect(config.runs).toEqual({ leaseMs: 20_000, concurrency: 32, pollMs: 1000, waitTimeoutMs: 300_000, stepAttempts: 3, retryDelayMs: 2000 });
    expect(config.jobs).toEqual({ provisionJobExpireSeconds: 120, maintenanceSeconds: 30 });
  });

  it("reads what is set, an empty variable counting as unset", () => {
    const config = loadConfig({ CONTINUUM_RUN_LEASE_SECONDS: "1.5", CONTINUUM_RUN_CONCURRENCY: "16", CONTINUUM_HEALTH_INTERVAL_SECONDS: "", NEXTAUTH_URL: "https://continuum.apps.example.com/", NEXTAUTH_SECRET: "shared" });
    expect(config.runs).toMatchObject({ leaseMs: 1500, concurrency: 16 });
    expect(config).toMatchObject({ healthIntervalMs: 30_000, publicUrl: "https://continuum.apps.example.com", secretKey: "shared" });
  });

  it("names every variable that breaks its rule, with the rule and the value, at once", () => {
    let error: unknown;
    try {
      loadConfig({ CONTINUUM_RUN_CONCURRENCY: "eight", CONTINUUM_HEALTH_INTERVAL_SECONDS: "0", DATABASE_URL: "mysql://db/continuum", CONTINUUM_COST_CENTER_PATTERN: "([", CONTINUUM_WORKERS: "yes", CONTINUUM_RUN_STEP_ATTEMPTS: "2.5" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        'CONTINUUM_RUN_CONCURRENCY must be a number (got "eight")',
        'CONTINUUM_HEALTH_INTERVAL_SECONDS must be at least 1 s (got "0")',
        "DATABASE_URL must be a postgresql:// URL",
        'CONTINUUM_WORKERS is 0 (this replica serves pages only) or 1 (got "yes")',
        'CONTINUUM_RUN_STEP_ATTEMPTS must be a whole number (got "2.5")',
        expect.stringMatching(/^CONTINUUM_COST_CENTER_PATTERN is not a valid regular expression/),
      ]),
    );
    expect(problems).toHaveLength(6);
    // A secret's value is never repeated back.
    expect(loadConfigProblems({ CONTINUUM_SECRET_KEY: "short" })).toEqual(["CONTINUUM_SECRET_KEY must be at least 16 characters (a long random string, the same on every replica)"]);
  });

  it("stops `npm start` before anything starts, naming the variable", () => {
    const started = spawnSync(process.execPath, ["--import", "tsx", "scripts/start.ts"], { env: { ...process.env, CONTINUUM_RUN_CONCURRENCY: "0", DATABASE_URL: "" }, encoding: "utf8", timeout: 60_000 });
    expect(started.status).toBe(1);
    expect(started.stderr).toContain('Cannot start: The configuration is invalid:\n  - CONTINUUM_RUN_CONCURRENCY must be at least 1 (got "0")');
  });

  it("is the only reader of the portal's variables: lib/ and app/ read none of them elsewhere", async () => {
    const readers: string[] = [];
    const files = [...(await readdir("lib", { recursive: true })).map((f) => `lib/${f}`), ...(await readdir("app", { recursive: true })).map((f) => `app/${f}`), "instrumentation.ts"];
    for (const file of files) {
      if (!/\.tsx?$/.test(file) || file.includes("generated") || file.endsWith(".test.ts") || file === "lib/config/config.ts") continue;
      const text = await readFile(file, "utf8");
      for (const match of text.matchAll(/process\.env(?:\.([A-Z_]+))?/g)) readers.push(`${file}: ${match[1] ?? "the whole environment"}`);
    }
    // The region and traffic files' variables are read where those files are parsed (they name files, checked by reading them);
    // the log level before anything can log; Next's own runtime flag.
    expect(readers.sort()).toEqual([
      "instrumentation.ts: NEXT_RUNTIME",
      "lib/log.ts: LOG_LEVEL",
      "lib/log.ts: NODE_ENV",
      "lib/regions/region-config.ts: the whole environment",
      "lib/regions/region-config.ts: the whole environment",
      "lib/regions/region-config.ts: the whole environment",
    ]);
  });
});

function loadConfigProblems(env: Record<string, string>) {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    return (error as ConfigError).problems;
  }
}
