import { z } from "zod";
import { readAuthConfig, type AuthConfig } from "./auth-settings";
import { numberVariable, setVariablesOf } from "./variables";
import { RunEnv, runSettingsOf, type RunSettings } from "./run-settings";
import { loadOrderSettings, type OrderSettings } from "./order-settings";
import { loadBlockRange, type BlockRange } from "./block-range";

// The portal's configuration: every environment variable it reads, each with its rule and its
// default, in one place. It is read once per process (the first `config()`), and `npm start`,
// `npm run worker` and the server's start-up check it before anything else, so a typo stops
// start-up with the variable's name and the rule it breaks instead of a NaN at 3 a.m.
// Each part's rules sit beside this file (run-settings, order-settings, auth-settings,
// block-range), so the domain modules import the configuration and it imports none of them; this
// module is the only one that looks at process.env for them.

const seconds = (name: string, rule: { min: number; max: number; fallback: number }) => numberVariable(name, { ...rule, whole: true, unit: "s" });

const PortalEnv = z.object({
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: "DATABASE_URL must be a postgresql:// URL" }).optional(),
  NEXTAUTH_URL: z.url({ protocol: /^https?$/, error: "NEXTAUTH_URL must be the portal's http(s) address" }).default("http://localhost:3000"),
  NEXTAUTH_SECRET: z.string().optional(),
  CONTINUUM_SECRET_KEY: z.string().min(16, "CONTINUUM_SECRET_KEY must be at least 16 characters (a long random string, the same on every replica)").optional(),
  CONTINUUM_WORKERS: z.enum(["0", "1"], { error: "CONTINUUM_WORKERS is 0 (this replica serves pages only) or 1" }).default("1"),
  // Processes serving the built portal on one port (scripts/serve.mjs); one core each at most.
  CONTINUUM_WEB_PROCESSES: numberVariable("CONTINUUM_WEB_PROCESSES", { min: 1, max: 64, fallback: 1, whole: true }),
  CONTINUUM_HEALTH_INTERVAL_SECONDS: seconds("CONTINUUM_HEALTH_INTERVAL_SECONDS", { min: 1, max: 3600, fallback: 30 }),
  CONTINUUM_PROVISION_JOB_EXPIRE_SECONDS: seconds("CONTINUUM_PROVISION_JOB_EXPIRE_SECONDS", { min: 10, max: 86_400, fallback: 120 }),
  CONTINUUM_JOB_MAINTENANCE_SECONDS: seconds("CONTINUUM_JOB_MAINTENANCE_SECONDS", { min: 1, max: 3600, fallback: 30 }),
  // How often a DR application should be drilled: one whose last good drill is older is overdue.
  CONTINUUM_DRILL_INTERVAL_DAYS: numberVariable("CONTINUUM_DRILL_INTERVAL_DAYS", { min: 1, max: 365, fallback: 30, whole: true }),
  CONTINUUM_METRICS_TOKEN: z.string().min(16, "CONTINUUM_METRICS_TOKEN must be at least 16 characters").optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], { error: "LOG_LEVEL is one of fatal, error, warn, info, debug, trace, silent" }).optional(),
});

export interface Config {
  databaseUrl: string | null;
  publicUrl: string;
  /** What next-auth signs sessions with (NEXTAUTH_SECRET). */
  sessionSecret: string | null;
  /** The key secrets are sealed with; null when none is set (sealing then refuses, with the reason). */
  secretKey: string | null;
  workers: boolean;
  /** How many processes `npm start` serves the built portal from (scripts/serve.mjs reads the variable itself). */
  webProcesses: number;
  healthIntervalMs: number;
  jobs: { provisionJobExpireSeconds: number; maintenanceSeconds: number };
  metricsToken: string | null;
  /** Days after its last good drill that a DR application's drill is overdue. */
  drillIntervalDays: number;
  runs: RunSettings;
  orders: OrderSettings;
  auth: AuthConfig;
  blockRange: BlockRange;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`The configuration is invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Every problem of the environment at once, each naming its variable; throws ConfigError. */
export function loadConfig(raw: Record<string, string | undefined>): Config {
  const env = setVariablesOf(raw);
  const problems: string[] = [];
  const shown = (name: string) => (/SECRET|TOKEN|PASSWORD|DATABASE_URL/.test(name) ? "" : ` (got "${env[name]}")`);
  const issues = (error: z.ZodError) => error.issues.map((issue) => `${issue.message}${shown(String(issue.path[0] ?? ""))}`);
  const portal = PortalEnv.safeParse(env);
  if (!portal.success) problems.push(...issues(portal.error));
  const runs = RunEnv.safeParse(env);
  if (!runs.success) problems.push(...issues(runs.error));
  const domain = <T>(read: () => T): T | undefined => {
    try {
      return read();
    } catch (error) {
      problems.push((error as Error).message);
      return undefined;
    }
  };
  const orders = domain(() => loadOrderSettings(env));
  const auth = domain(() => readAuthConfig(env));
  const blockRange = domain(() => loadBlockRange(env));
  if (problems.length || !portal.success || !runs.success) throw new ConfigError(problems);
  const p = portal.data;
  return {
    databaseUrl: p.DATABASE_URL ?? null,
    publicUrl: p.NEXTAUTH_URL.replace(/\/$/, ""),
    sessionSecret: p.NEXTAUTH_SECRET ?? null,
    secretKey: p.CONTINUUM_SECRET_KEY ?? p.NEXTAUTH_SECRET ?? null,
    workers: p.CONTINUUM_WORKERS === "1",
    webProcesses: p.CONTINUUM_WEB_PROCESSES,
    healthIntervalMs: p.CONTINUUM_HEALTH_INTERVAL_SECONDS * 1000,
    jobs: { provisionJobExpireSeconds: p.CONTINUUM_PROVISION_JOB_EXPIRE_SECONDS, maintenanceSeconds: p.CONTINUUM_JOB_MAINTENANCE_SECONDS },
    metricsToken: p.CONTINUUM_METRICS_TOKEN ?? null,
    drillIntervalDays: p.CONTINUUM_DRILL_INTERVAL_DAYS,
    runs: runSettingsOf(runs.data),
    orders: orders!,
    auth: auth!,
    blockRange: blockRange!,
  };
}

const holder = globalThis as unknown as { continuumConfig?: Config };

/** This process's configuration, read from the environment the first time it is asked for. */
export function config(): Config {
  holder.continuumConfig ??= loadConfig(process.env);
  return holder.continuumConfig;
}

/** Forgets the configuration read, for a process that changed its environment on purpose (start-up, tests). */
export function rereadConfig() {
  holder.continuumConfig = undefined;
}
