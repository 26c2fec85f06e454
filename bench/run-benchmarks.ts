// `npm run bench`: measures the portal against the region simulator (in its own process) and a
// real PostgreSQL, and prints the tables the README quotes. Not part of `npm test`: it takes
// several minutes and its figures depend on the machine. Needs kubectl, the openstack CLI and jq
// for the by-hand baseline, and a production build (`npm run build`) for the load part.
//   BENCH_REGION_SIZES=50,200,500  BENCH_ROUNDS=5  BENCH_LOAD_APPLICATIONS=5000  BENCH_LOAD_RUNS=100000  BENCH_LOAD_SECONDS=10  BENCH_CONNECTIONS=10
//   BENCH_WEB_PROCESSES (default: one per core)  BENCH_PARTS=baseline,region,load
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, readFileSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { encode } from "next-auth/jwt";
import pg from "pg";
import { createApiToken } from "@/lib/api-tokens/api-tokens";
import { createDb, type Db } from "@/lib/db/client";
import { freePort, startEmbeddedDatabase } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";
import { getRegionFailover } from "@/lib/failover/get-region-failover";
import { RUN_ORDER } from "@/lib/failover/get-run";
import type { Prisma } from "@/lib/generated/prisma/client";
import { orderByOf, positionOf } from "@/lib/lists/seek";
import { startRunSupervisor } from "@/lib/failover/run-supervisor";
import { startRegionFailover } from "@/lib/failover/start-region-failover";
import { startRun } from "@/lib/failover/start-run";
import { ensureJobQueues } from "@/lib/jobs/job-queue";
import { createRegionClients } from "@/lib/regions/region-clients";
import { loadRegionConfig } from "@/lib/regions/region-config";
import { syncRegions } from "@/lib/regions/sync-regions";
import { createPeople, provisionedDrApplication, runWhenSettled } from "@/tests/runs";
import { eventually } from "@/tests/simulator";
import { deploymentConfigsOf, deploymentsOf, deploySmallApplication, deployWorkloads, waitUntilReady } from "@/tests/workloads";
import { seedLargeOrganisation } from "./load-data";
import { config } from "@/lib/config/config";

const WEST = "europe-west";
const EAST = "europe-east";
const POD_READY_MS = 1000;
const SIZES = (process.env.BENCH_REGION_SIZES ?? "50,200,500").split(",").map(Number);
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
// The portal serves the load from one process per core, as `npm start` does with CONTINUUM_WEB_PROCESSES.
const WEB_PROCESSES = Number(process.env.BENCH_WEB_PROCESSES ?? os.cpus().length);
const WARM_UP_SECONDS = 3;
const LOAD_APPLICATIONS = Number(process.env.BENCH_LOAD_APPLICATIONS ?? 5000);
const LOAD_RUNS = Number(process.env.BENCH_LOAD_RUNS ?? 100_000);
const PARTS = new Set((process.env.BENCH_PARTS ?? "baseline,region,load").split(","));
const root = path.resolve(import.meta.dirname, "..");
const children: ChildProcess[] = [];
let stopping = false;
const say = (line: string) => console.log(`[bench] ${line}`);
const seconds = (ms: number) => (ms / 1000).toFixed(1);

function table(headers: string[], rows: Array<Array<string | number>>) {
  return [`| ${headers.join(" | ")} |`, `|${headers.map(() => " --- ").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
}

async function startProcess(args: string[], env: Record<string, string>, ready: (output: string) => boolean, what: string) {
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (output.length > 20_000) output = output.slice(-10_000);
      if (ready(output)) resolve();
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`${what} exited (${code}):\n${output}`)));
  });
  // From now on its output goes to a file beside the benchmark's data, for when something fails.
  const logFile = createWriteStream(path.join(os.tmpdir(), `continuum-bench-${what.replace(/\W+/g, "-")}.log`));
  child.stdout!.pipe(logFile);
  child.stderr!.pipe(logFile);
  child.once("exit", (code, signal) => !stopping && say(`${what} exited (${code ?? signal}); its output is in ${logFile.path}`));
  return child;
}

async function main() {
  // The portal seals exported Secrets and transfer keys; a throwaway key for this run.
  process.env.CONTINUUM_SECRET_KEY ??= `bench-${Math.random().toString(36).slice(2)}-${Date.now()}`;
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.type()} ${os.release()}`;
  say(`machine: ${machine}`);
  for (const tool of ["kubectl", "openstack", "jq"]) {
    try {
      execFileSync("which", [tool], { stdio: "ignore" });
    } catch {
      throw new Error(`${tool} is needed for the by-hand baseline: apt-get install -y ${tool === "openstack" ? "python3-openstackclient" : tool === "kubectl" ? "kubernetes-client" : tool}`);
    }
  }
  const home = await mkdtemp(path.join(os.tmpdir(), "continuum-bench-"));
  await chmod(home, 0o755); // the embedded PostgreSQL runs as another user when we are root
  const simDir = path.join(home, "sim");
  const postgres = await startEmbeddedDatabase(path.join(home, "pg"), { port: 0 });
  try {
    await migrate(postgres.url);
    await ensureJobQueues(postgres.url);
    const simulator = await startProcess(["--import", "tsx", "simulator/main.ts", "--dir", simDir, "--free-ports", "--regions", "europe-west,europe-east", "--no-seed", "--pod-ready-ms", String(POD_READY_MS)], { LOG_LEVEL: "warn" }, (o) => o.includes("[simulator] up in"), "the simulator");
    const regionEnv = { CONTINUUM_KUBECONFIG: path.join(simDir, "kubeconfig"), CONTINUUM_CLOUDS_YAML: path.join(simDir, "clouds.yaml") };
    const configs = loadRegionConfig(regionEnv);
    const clients = createRegionClients(configs);
    const db = createDb(postgres.url);
    await syncRegions(db, configs);
    const people = await createPeople(db, "bench.example");

    const baseline = PARTS.has("baseline") ? await byHandVersusPortal(db, postgres.url, clients, people, simDir) : null;
    const fleet = PARTS.has("region") ? await regionFailovers(db, postgres.url, clients, people, simDir, simulator.pid!) : [];
    const load = PARTS.has("load") ? await loadOnListPages(postgres.url, regionEnv) : null;

    console.log(`\n## Continuum benchmarks\n\nMachine: ${machine}. Simulator in its own process, pods ready ${POD_READY_MS} ms after they start; PostgreSQL embedded.\n`);
    if (baseline) console.log(`### One failover: the seed procedure by hand (kubectl + openstack CLI) vs the portal, ${ROUNDS} rounds each, median (fastest–slowest)\n`);
    if (baseline) console.log(
      table(
        ["way", "time (s)"],
        [
          ["by hand: bench/cli-failover.sh (3 Deployments, 1 DeploymentConfig, 2 Secrets, 2 ConfigMaps, 2 volumes), polling instead of the original 84 s of sleeps", spread(baseline.byHand, 1)],
          ["the portal, the same application failed over and back: its RTO, click to users' DNS on the target", spread(baseline.rto)],
          [`the portal's own time: RTO less the simulator's pod start (${POD_READY_MS / 1000} s)`, spread(baseline.own)],
          ["ratio (by hand ÷ portal), round by round", spread(baseline.ratios, 1) + "×"],
        ],
      ),
    );
    if (fleet.length) console.log(`\n### Region failover (one portal replica running ${config().runs.concurrency} runs at once; DR applications of 2 pods and 1 volume each)\n`);
    if (fleet.length) console.log(
      table(
        ["applications", "total (s)", "per application (s)", "median RTO (s)", "slowest RTO (s)", "growth vs previous", "CPU: portal (s)", "CPU: simulator (s)"],
        fleet.map((f, i) => [f.size, seconds(f.totalMs), (f.totalMs / 1000 / f.size).toFixed(2), f.medianRto.toFixed(1), f.maxRto.toFixed(1), i === 0 ? "" : `${(f.totalMs / fleet[i - 1]!.totalMs).toFixed(2)}× time for ${(f.size / fleet[i - 1]!.size).toFixed(1)}× apps`, f.portalCpu.toFixed(1), f.simulatorCpu.toFixed(1)]),
      ),
    );
    if (load) console.log(`\n### List pages and API under load (${load.data.applications} applications, ${load.data.runs} runs, ${load.data.steps} steps, ${load.data.auditEvents} audit events; the portal served by ${WEB_PROCESSES} process(es) on one port; ${CONNECTIONS} connections for ${LOAD_SECONDS} s each after ${WARM_UP_SECONDS} s of warm-up, from a second process)\n`);
    if (load) console.log(table(["endpoint", "p50 (ms)", "p95 (ms)", "p99 (ms)", "requests/s", "non-2xx"], load.results.map((r) =>
      // No answer finished within the time: say so rather than print zeros as latencies.
      r.requests === 0 ? [r.name, "none answered", "", "", "0", r.non2xx + r.errors] : [r.name, r.p50, r.p95, r.p99, r.rps.toFixed(1), r.non2xx + r.errors],
    )));
  } finally {
    stopping = true;
    for (const child of children) child.kill("SIGTERM");
    await sleep(500);
    await postgres.stop();
    await rm(home, { recursive: true, force: true });
  }
}

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const spread = (values: number[], digits = 2) => `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;

/**
 * One failover, ROUNDS times each way on the same simulator: by hand with the CLIs (a fresh
 * application each round) and by the portal (one application failed over and back, so every run
 * moves the same objects). The portal's own time is its RTO less the pod start the simulator imposes.
 */
async function byHandVersusPortal(db: Db, databaseUrl: string, clients: ReturnType<typeof createRegionClients>, people: Awaited<ReturnType<typeof createPeople>>, simDir: string) {
  const byHandNames = Array.from({ length: ROUNDS }, (_, i) => `by-hand-${i}`);
  for (const name of [...byHandNames, "by-portal"]) {
    await provisionedDrApplication(db, clients, people, name, { environments: ["prod"] });
    await deployWorkloads(simDir, WEST, `${name}-prod`, name);
    await waitUntilReady(simDir, WEST, `${name}-prod`, 30_000);
  }
  const cliMs: number[] = [];
  for (const name of byHandNames) {
    say(`failing ${name} over by hand with kubectl and openstack…`);
    const started = performance.now();
    execFileSync("bash", [path.join(root, "bench/cli-failover.sh"), path.join(simDir, "kubeconfig"), path.join(simDir, "clouds.yaml"), WEST, `${name}-prod`, EAST, `${name}-dr`], { stdio: ["ignore", "ignore", "inherit"] });
    cliMs.push(performance.now() - started);
    const byHand = { ...(await deploymentsOf(simDir, EAST, `${name}-dr`)), ...(await deploymentConfigsOf(simDir, EAST, `${name}-dr`)) };
    if (Object.keys(byHand).length !== 4 || Object.values(byHand).some((d) => d.ready !== d.replicas)) throw new Error(`the by-hand failover did not bring everything up: ${JSON.stringify(byHand)}`);
    // The portal did not do this one: tell it where the application serves now, so the region failovers below leave it alone.
    await db.application.update({ where: { name }, data: { activeRegion: { connect: { name: EAST } } } });
  }

  const supervisor = startRunSupervisor(db, clients, config().runs, databaseUrl);
  const rto: number[] = [];
  const own: number[] = [];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const kind = round % 2 === 0 ? "FAILOVER" : "FAILBACK";
      say(`${kind.toLowerCase()} ${round + 1} of ${ROUNDS} with the portal…`);
      const { runId } = await startRun(db, { applicationName: "by-portal", kind, mode: "NORMAL", reason: "benchmark against the by-hand procedure", confirmation: "by-portal", freeCapacity: false }, people.oncall);
      const run = await runWhenSettled(db, runId, 120_000);
      if (run.status !== "SUCCEEDED") throw new Error(`the portal's ${kind.toLowerCase()} stopped: ${run.error}`);
      // To the millisecond: the stored RTO is rounded to a tenth.
      const ready = run.steps.find((s) => s.name === "switch-traffic")!.finishedAt!;
      const seconds = (ready.getTime() - run.createdAt.getTime()) / 1000;
      rto.push(seconds);
      own.push(seconds - POD_READY_MS / 1000);
    }
  } finally {
    await supervisor.stop();
  }
  const byHand = cliMs.map((ms) => ms / 1000);
  const ratios = byHand.map((s, i) => s / rto[i]!);
  say(`by hand ${spread(byHand, 1)} s, portal RTO ${spread(rto)} s, of it the portal's own ${spread(own)} s`);
  return { byHand, rto, own, ratios };
}

/** CPU seconds a process has used so far (user + system), from /proc. */
function cpuSecondsOf(pid: number) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
const ownCpuSeconds = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};

async function regionFailovers(db: Db, databaseUrl: string, clients: ReturnType<typeof createRegionClients>, people: Awaited<ReturnType<typeof createPeople>>, simDir: string, simulatorPid: number) {
  const results = [];
  const supervisor = startRunSupervisor(db, clients, config().runs, databaseUrl);
  try {
    for (const size of SIZES) {
      say(`setting up ${size} DR applications in ${WEST}…`);
      const names = Array.from({ length: size }, (_, i) => `fleet${size}-${String(i).padStart(3, "0")}`);
      // Eight at a time: setting up is not what is measured.
      for (let i = 0; i < names.length; i += 8) {
        await Promise.all(
          names.slice(i, i + 8).map(async (name) => {
            await provisionedDrApplication(db, clients, people, name, { environments: ["prod"] });
            await deploySmallApplication(simDir, WEST, name);
          }),
        );
      }
      for (const name of names) await waitUntilReady(simDir, WEST, `${name}-prod`, 60_000);
      // Only these are active in the west now: earlier fleets were moved east.
      const started = performance.now();
      const [portalCpuBefore, simulatorCpuBefore] = [ownCpuSeconds(), cpuSecondsOf(simulatorPid)];
      const { regionFailoverId, started: count } = await startRegionFailover(db, { region: WEST, mode: "NORMAL", reason: `benchmark: region failover of ${size}`, confirmation: WEST }, people.oncall);
      if (count !== size) throw new Error(`expected ${size} runs, started ${count}`);
      const view = await eventually(async () => {
        const v = await getRegionFailover(db, regionFailoverId);
        return v?.finishedAt ? v : null;
      }, 1_800_000);
      const totalMs = performance.now() - started;
      if (view.counts.succeeded !== size) throw new Error(`region failover of ${size}: ${JSON.stringify(view.counts)}`);
      const rtos = view.runs.map((r) => r.rtoSeconds!).sort((a, b) => a - b);
      results.push({ size, totalMs, medianRto: rtos[Math.floor(rtos.length / 2)]!, maxRto: rtos.at(-1)!, portalCpu: ownCpuSeconds() - portalCpuBefore, simulatorCpu: cpuSecondsOf(simulatorPid) - simulatorCpuBefore });
      say(`region failover of ${size}: ${seconds(totalMs)} s`);
    }
  } finally {
    await supervisor.stop();
  }
  return results;
}

/** A built portal (`next start`) on a database of BENCH_LOAD_APPLICATIONS applications and BENCH_LOAD_RUNS runs, loaded from another process. */
async function loadOnListPages(serverUrl: string, regionEnv: Record<string, string>) {
  if (!existsSync(path.join(root, ".next", "BUILD_ID"))) {
    say("building the portal first (npm run build)…");
    execFileSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
  }
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query("DROP DATABASE IF EXISTS continuum_load WITH (FORCE)");
  await admin.query("CREATE DATABASE continuum_load");
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = "/continuum_load";
  await migrate(url.toString());
  await ensureJobQueues(url.toString());
  const db = createDb(url.toString());
  await syncRegions(db, loadRegionConfig(regionEnv));
  say(`writing ${LOAD_APPLICATIONS} applications and ${LOAD_RUNS} runs…`);
  const data = await seedLargeOrganisation(db, { applications: LOAD_APPLICATIONS, runs: LOAD_RUNS });
  const adminUser = await db.user.create({ data: { email: "load-admin@bench.example", name: "Load Admin", role: "ADMIN" } });
  const token = (await createApiToken(db, adminUser, "load benchmark")).token;
  const secret = "benchmark-only-session-secret-" + Math.random().toString(36).slice(2);
  const session = await encode({ token: { sub: adminUser.id, email: adminUser.email, name: adminUser.name }, secret });

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  await startProcess(
    ["scripts/serve.mjs", "-p", String(port), "-H", "127.0.0.1"],
    { ...regionEnv, DATABASE_URL: url.toString(), NEXTAUTH_SECRET: secret, NEXTAUTH_URL: base, CONTINUUM_WORKERS: "0", CONTINUUM_WEB_PROCESSES: String(WEB_PROCESSES), NODE_ENV: "production", LOG_LEVEL: "info" },
    (o) => o.split("Ready in").length > WEB_PROCESSES,
    "the portal",
  );
  // A page far down the runs list, as its "next" button asks for it: after the last run of page 2,499.
  const deep = await db.failoverRun.findFirstOrThrow({ orderBy: orderByOf(RUN_ORDER.started("desc")) as Prisma.FailoverRunOrderByWithRelationInput[], skip: 2499 * 20 - 1 });
  const deepRuns = `/runs?page=2500&after=${positionOf(deep, RUN_ORDER.started("desc"))}`;
  const cookie = { cookie: `next-auth.session-token=${session}` };
  const bearer = { authorization: `Bearer ${token}` };
  const endpoints = [
    { name: "dashboard page (`/dashboard`)", path: "/dashboard", header: cookie },
    { name: "dashboard summary, as the page refreshes it (`/api/dashboard`)", path: "/api/dashboard", header: cookie },
    { name: "runs page (`/runs`)", path: "/runs", header: cookie },
    { name: "runs page 2,500 (`/runs?page=2500&after=…`, as its next button asks)", path: deepRuns, header: cookie },
    { name: "approvals page (`/approvals`)", path: "/approvals", header: cookie },
    { name: "orders page (`/orders`)", path: "/orders", header: cookie },
    { name: "audit log page (`/audit`)", path: "/audit", header: cookie },
    { name: "home page, applications list (`/`)", path: "/", header: cookie },
    { name: "`GET /api/v1/applications` (first 100)", path: "/api/v1/applications", header: bearer },
    { name: "`GET /api/v1/applications` (a page deep in the list)", path: `/api/v1/applications?cursor=${Buffer.from(JSON.stringify({ name: "load-4000" })).toString("base64url")}`, header: bearer },
    { name: "`GET /api/v1/orders` (approval queue)", path: "/api/v1/orders", header: bearer },
    { name: "`GET /api/v1/applications/load-0000` (with its runs)", path: "/api/v1/applications/load-0000", header: bearer },
  ];
  const results = [];
  for (const endpoint of endpoints) {
    // One request first: a page that does not answer 200 would make every figure meaningless.
    await sleep(1000); // let the previous load's connections close
    const probe = await fetch(base + endpoint.path, { headers: { ...endpoint.header, connection: "close" }, redirect: "manual" });
    if (probe.status !== 200) throw new Error(`${endpoint.path} answered ${probe.status}`);
    say(`loading ${endpoint.path} for ${WARM_UP_SECONDS} s to warm it up, then ${LOAD_SECONDS} s measured…`);
    const load = (seconds: number) => execFileSync(process.execPath, [path.join(root, "bench/load-client.mjs"), base + endpoint.path, String(seconds), String(CONNECTIONS), ...Object.entries(endpoint.header).map(([key, value]) => `${key}=${value}`)], { cwd: root, encoding: "utf8" });
    // The first seconds of a page compile its code paths (V8's JIT); a replica serves for days.
    load(WARM_UP_SECONDS);
    const output = load(LOAD_SECONDS);
    results.push({ name: endpoint.name, ...(JSON.parse(output.trim().split("\n").at(-1)!) as { p50: number; p95: number; p99: number; rps: number; requests: number; non2xx: number; errors: number }) });
  }
  await db.$disconnect();
  return { data, results };
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`[bench] failed: ${error instanceof Error ? `${error.message}${error.cause ? ` (${String(error.cause)})` : ""}` : error}`);
    for (const child of children) child.kill("SIGKILL");
    process.exit(1);
  },
);
