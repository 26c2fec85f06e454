// `npm start`: runs the portal. With no DATABASE_URL it is the embedded default: an embedded
// PostgreSQL under .continuum/, migrated and seeded with demo users. With no CONTINUUM_KUBECONFIG
// it runs the region simulator in this process and uses the kubeconfig and clouds.yaml it writes
// into .sim/. It builds the app first when the build is missing or older than the sources, then
// serves it with `next start`.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
process.chdir(root);
process.env.NEXT_TELEMETRY_DISABLED ??= "1";
const dev = process.argv.includes("--dev");
const home = path.resolve(process.env.CONTINUUM_HOME ?? path.join(root, ".continuum"));
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOSTNAME ?? "0.0.0.0";
const publicUrl = process.env.NEXTAUTH_URL ?? `http://localhost:${port}`;

function say(message: string) {
  process.stdout.write(`[continuum] ${message}\n`);
}

function fail(message: string): never {
  process.stderr.write(`\n[continuum] Cannot start: ${message}\n\n`);
  process.exit(1);
}

function newestMtime(target: string, skip: (p: string) => boolean): number {
  if (!existsSync(target) || skip(target)) return 0;
  const info = statSync(target);
  if (!info.isDirectory()) return info.mtimeMs;
  return Math.max(0, ...readdirSync(target).map((name) => newestMtime(path.join(target, name), skip)));
}

const generatedClient = path.join(root, "lib/generated/prisma/client.ts");
const skipGenerated = (p: string) => p.startsWith(path.join(root, "lib/generated")) || p.endsWith(".DS_Store");

function run(command: string, args: string[], what: string) {
  const result = spawnSync(command, args, { stdio: "inherit", env: process.env });
  if (result.status !== 0) fail(`${what} failed (exit code ${result.status}). The output above says why.`);
}

function ensureGeneratedClient() {
  if (existsSync(generatedClient) && statSync(generatedClient).mtimeMs >= statSync("prisma/schema.prisma").mtimeMs) return;
  say("generating the Prisma client…");
  run(process.execPath, ["scripts/prisma-generate.mjs"], "Generating the Prisma client");
}

function ensureBuilt() {
  const buildId = path.join(root, ".next/BUILD_ID");
  const sources = ["app", "components", "lib", "public", "types", "prisma/schema.prisma", "next.config.js", "tsconfig.json", "package-lock.json"];
  const newestSource = Math.max(...sources.map((s) => newestMtime(path.join(root, s), skipGenerated)));
  if (existsSync(buildId) && statSync(buildId).mtimeMs >= newestSource) return;
  say(existsSync(buildId) ? "sources changed since the last build; building again…" : "building the portal (first start takes a minute or two)…");
  run(process.execPath, ["node_modules/next/dist/bin/next", "build"], "Building the portal");
}

function embeddedAuthSecret(): string {
  const file = path.join(home, "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

async function waitUntilServing(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

/**
 * Starts the region simulator here, its state kept in CONTINUUM_HOME so the portal's namespaces
 * and volumes are still there at the next start. CONTINUUM_SIM_PORTS=auto picks free ports (for
 * tests beside a running portal); otherwise the simulator's default ports.
 */
async function startRegionSimulator() {
  const { startSimulator, DEFAULT_REGIONS } = await import("@/simulator/start-simulator");
  const dir = path.resolve(process.env.CONTINUUM_SIM_DIR ?? path.join(root, ".sim"));
  mkdirSync(dir, { recursive: true });
  const auto = process.env.CONTINUUM_SIM_PORTS === "auto";
  const simulator = await startSimulator({
    clientConfigDir: dir,
    stateFile: path.join(home, "simulator-state.json"),
    ...(auto ? { kubePorts: DEFAULT_REGIONS.map(() => 0), openstackPort: 0, adminPort: 0, dnsPort: 0 } : {}),
  });
  process.env.CONTINUUM_KUBECONFIG = path.join(dir, "kubeconfig");
  process.env.CONTINUUM_CLOUDS_YAML = path.join(dir, "clouds.yaml");
  // Users' DNS too: the simulator serves the applications' zone, and the switch step changes it.
  process.env.CONTINUUM_TRAFFIC_CONFIG ??= path.join(dir, "traffic.yaml");
  say(`the applications' global names: dig @${simulator.dns.host} -p ${simulator.dns.port} books.${simulator.dns.zone} (updates: nsupdate -k ${path.relative(root, dir) || dir}/dns.key)`);
  say(`no CONTINUUM_KUBECONFIG: running the region simulator (${simulator.regions.map((r) => r.name).join(", ")}); its client config is in ${path.relative(root, dir) || dir}/`);
  return simulator.stop;
}

async function main() {
  ensureGeneratedClient();
  // Imported only now: they need the generated client.
  const { startEmbeddedDatabase } = await import("@/lib/db/embedded");
  const { migrate, MigrationError } = await import("@/lib/db/migrate");
  const { ensureJobQueues } = await import("@/lib/jobs/job-queue");
  const { createDb } = await import("@/lib/db/client");
  const { seedDemo, seedDemoApplication, ensureDemoTokens, DEMO_USERS } = await import("@/lib/demo/seed-demo");
  const { loadRegionConfig, regionsAreConfigured, RegionConfigError } = await import("@/lib/regions/region-config");
  const { syncRegions } = await import("@/lib/regions/sync-regions");
  const { loadConfig, rereadConfig } = await import("@/lib/config/config");

  // Every variable the portal reads, checked before anything starts: a mistake stops start-up
  // here, naming the variable and its rule, instead of surfacing in a request or a job later.
  let webProcesses = 1;
  try {
    webProcesses = loadConfig(process.env).webProcesses;
  } catch (error) {
    fail((error as Error).message);
  }

  const embedded = !process.env.DATABASE_URL;
  let stopDatabase = async () => {};
  if (embedded) {
    mkdirSync(home, { recursive: true });
    say(`no DATABASE_URL: starting the embedded PostgreSQL in ${path.relative(root, home) || home}/`);
    try {
      const database = await startEmbeddedDatabase(home, {
        port: process.env.CONTINUUM_PG_PORT ? Number(process.env.CONTINUUM_PG_PORT) : undefined,
      });
      process.env.DATABASE_URL = database.url;
      stopDatabase = database.stop;
    } catch (error) {
      fail((error as Error).message);
    }
    process.env.CONTINUUM_DEMO = "1";
    process.env.NEXTAUTH_SECRET ??= embeddedAuthSecret();
  } else if (!process.env.NEXTAUTH_SECRET) {
    fail("NEXTAUTH_SECRET is not set. Set it to a long random string (e.g. `openssl rand -base64 32`); all replicas need the same one.");
  }
  process.env.NEXTAUTH_URL = publicUrl;
  // The embedded default filled in the database, the demo and the secret: read the configuration anew.
  rereadConfig();

  try {
    const result = await migrate(process.env.DATABASE_URL!);
    say(
      result.applied.length > 0
        ? `database migrated: applied ${result.applied.join(", ")}`
        : `database schema is up to date (${result.alreadyApplied.length} migrations)`,
    );
    await ensureJobQueues(process.env.DATABASE_URL!);
  } catch (error) {
    await stopDatabase();
    fail(error instanceof MigrationError ? error.message : `the database could not be reached or migrated: ${(error as Error).message}`);
  }

  let stopSimulator = async () => {};
  const simulated = !regionsAreConfigured();
  if (simulated) {
    mkdirSync(home, { recursive: true });
    try {
      stopSimulator = await startRegionSimulator();
    } catch (error) {
      await stopDatabase();
      fail(`the region simulator could not start: ${(error as Error).message}. Stop the other simulator (or portal), or set CONTINUUM_KUBECONFIG and CONTINUUM_CLOUDS_YAML to use real regions.`);
    }
  }
  let regions: Awaited<ReturnType<typeof loadRegionConfig>>;
  try {
    regions = loadRegionConfig();
  } catch (error) {
    await stopDatabase();
    fail(error instanceof RegionConfigError ? error.message : String(error));
  }

  const database = createDb(process.env.DATABASE_URL!);
  if (embedded) await seedDemo(database);
  const changes = await syncRegions(database, regions);
  // The simulator's seeded DR application, so on-call has something to fail over from the start.
  if (embedded && simulated && (await seedDemoApplication(database))) say("registered the simulator's demo DR application, books");
  const demoTokens = embedded ? await ensureDemoTokens(database, path.join(home, "demo-tokens.json")) : {};
  await database.$disconnect();
  say(`regions: ${regions.map((r) => `${r.name} (${r.apiUrl})`).join(", ")}${changes.length ? `; ${changes.join(", ")}` : ""}`);

  if (!dev) ensureBuilt();

  // Built, it is served by CONTINUUM_WEB_PROCESSES processes on one port (scripts/serve.mjs).
  const serve = dev ? ["node_modules/next/dist/bin/next", "dev"] : ["scripts/serve.mjs"];
  const next = spawn(process.execPath, [...serve, "-p", String(port), "-H", host], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: dev ? "development" : "production" },
  });
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    next.kill("SIGTERM");
    await stopSimulator().catch(() => undefined);
    await stopDatabase().catch(() => undefined);
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));
  next.on("exit", (code) => void shutdown(code ?? 1));

  if (await waitUntilServing(`http://127.0.0.1:${port}/api/health`, 120_000)) {
    say(`Continuum is running at ${publicUrl}${!dev && webProcesses > 1 ? `, served by ${webProcesses} processes` : ""}`);
    if (embedded) say(`demo sign-in: ${DEMO_USERS.map((u) => `${u.name} (${u.role.toLowerCase()})`).join(", ")}`);
    if (embedded) {
      say(`demo API tokens (also in ${path.relative(root, path.join(home, "demo-tokens.json")) || "demo-tokens.json"}):`);
      for (const [email, token] of Object.entries(demoTokens)) say(`  ${email}: ${token}`);
    }
  } else {
    say(`the portal did not answer on ${publicUrl}/api/health within two minutes; see the messages above.`);
  }
}

main().catch((error) => fail((error as Error).stack ?? String(error)));
