import { execFile } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "@/lib/api-tokens/api-tokens";
import { abortRunRoute, getRunRoute, retryRunRoute, startRunRoute } from "@/lib/api/api-v1";
import { startRunSupervisor, type RunSupervisor } from "@/lib/failover/run-supervisor";
import { regionClients } from "@/lib/regions/region-clients";
import { prepareActionsAgainstSimulator } from "@/tests/act-as";
import { createPeople, provisionedDrApplication, TEST_RUN_SETTINGS } from "@/tests/runs";
import { startTestSimulator } from "@/tests/simulator";
import type { TestDatabase } from "@/tests/test-database";
import { deployWorkloads } from "@/tests/workloads";

// The pipeline script as a release runs it: a real process talking HTTP to the real /api/v1 route
// handlers, while the DR region refuses the drill's volume transfers for a while.

const sim = await startTestSimulator({ seed: false });
let t: TestDatabase;
let supervisor: RunSupervisor;
let server: Server;
let base: string;
let token: string;

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
const ROUTES: Array<[string, RegExp, Handler]> = [
  ["POST", /^\/api\/v1\/runs$/, startRunRoute],
  ["GET", /^\/api\/v1\/runs\/(?<id>[^/]+)$/, getRunRoute],
  ["POST", /^\/api\/v1\/runs\/(?<id>[^/]+)\/retry$/, retryRunRoute],
  ["POST", /^\/api\/v1\/runs\/(?<id>[^/]+)\/abort$/, abortRunRoute],
];

beforeAll(async () => {
  t = await prepareActionsAgainstSimulator(sim.dir);
  const people = await createPeople(t.db, "drill-script.example");
  await provisionedDrApplication(t.db, regionClients(), people, "ledger");
  await deployWorkloads(sim.dir, "europe-west", "ledger-prod", "ledger");
  token = (await createApiToken(t.db, people.oncall, "release pipeline")).token;
  supervisor = startRunSupervisor(t.db, regionClients(), TEST_RUN_SETTINGS);
  server = createServer(async (incoming, outgoing) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const route = ROUTES.map(([method, pattern, handler]) => ({ handler, match: incoming.method === method ? pattern.exec(incoming.url!) : null })).find((r) => r.match);
    if (!route) return void outgoing.writeHead(404).end("{}");
    const request = new Request(`http://portal${incoming.url}`, { method: incoming.method, headers: incoming.headers as Record<string, string>, body: chunks.length ? Buffer.concat(chunks) : undefined });
    const response = await route.handler(request, { params: Promise.resolve({ ...route.match!.groups }) });
    outgoing.writeHead(response.status, { "content-type": "application/json" }).end(await response.text());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await supervisor?.stop();
  server?.close();
});

async function drillScript(...args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ["scripts/dr-drill.mjs", "ledger", "release 4.3 drill", ...args], {
      env: { ...process.env, CONTINUUM_URL: base, CONTINUUM_TOKEN: token, CONTINUUM_DRILL_RETRY_SECONDS: "0" },
      timeout: 60_000,
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

const lastRun = () => t.db.failoverRun.findFirstOrThrow({ orderBy: { createdAt: "desc" } });

describe("scripts/dr-drill.mjs", () => {
  it("reports a stop with its reason, retries it and passes when the outage is over", async () => {
    // Four refused accepts: both automatic attempts of move-volumes fail (each moves the two copies
    // at once, so each meets two refusals), the third (the script's retry) goes through.
    await sim.admin("PUT", "/regions/europe-east/faults", { failTransferAccepts: 4 });
    const { code, output } = await drillScript("--retry", "2");
    expect(output).toMatch(/✗ drill stopped at "Move the copies": europe-east did not accept the transfer/);
    expect(output).toMatch(/retrying that step in 0 s \(1 of 2\)/);
    expect(output).toMatch(/✓ drill passed: RTO [\d.]+ s/);
    expect(code).toBe(0);
    expect((await lastRun()).status).toBe("SUCCEEDED");
  });

  it("aborts the drill when its retries run out, so the application is not left locked", async () => {
    await sim.admin("PUT", "/regions/europe-east/faults", { failTransferAccepts: 100 });
    const { code, output } = await drillScript("--retry", "1");
    await sim.admin("PUT", "/regions/europe-east/faults", { failTransferAccepts: 0 });
    expect(output).toMatch(/no retries left: aborting the drill/);
    expect(output).toMatch(/✗ drill aborted and torn down/);
    expect(code).toBe(1);
    const run = await lastRun();
    expect(run).toMatchObject({ status: "ABORTED", activeApplicationId: null });
  });

  it("without --retry, says the stopped drill waits for a person and where", async () => {
    await sim.admin("PUT", "/regions/europe-east/faults", { failTransferAccepts: 100 });
    const { code, output } = await drillScript();
    await sim.admin("PUT", "/regions/europe-east/faults", { failTransferAccepts: 0 });
    const run = await lastRun();
    expect(output).toContain(`it waits for a person: retry or abort it at ${base}/runs/${run.id}, or run this script with --retry N`);
    expect(code).toBe(1);
    expect(run.status).toBe("WAITING");
  });
});
