import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/tests/test-database";
import { createPortalMetrics } from "./portal-metrics";

let t: TestDatabase;
let ids: { app: string; west: string; east: string; oncall: string };

beforeAll(async () => {
  t = await createTestDatabase();
  const owner = await t.db.user.create({ data: { email: "o@test.example", name: "O", role: "OWNER" } });
  const oncall = await t.db.user.create({ data: { email: "c@test.example", name: "C", role: "ONCALL" } });
  const west = await t.db.region.create({ data: { name: "europe-west", displayName: "West", apiUrl: "https://w", openstackProject: "w", healthCheckedAt: new Date(), clusterUp: true, clusterLatencyMs: 12, storageUp: false, healthError: "block storage: unreachable" } });
  const east = await t.db.region.create({ data: { name: "europe-east", displayName: "East", apiUrl: "https://e", openstackProject: "e" } });
  const app = await t.db.application.create({ data: { name: "books", profile: "DR", description: "d", ownerGroup: "g", costCenter: "CC-1", quotaSize: "SMALL", ownerId: owner.id, status: "READY" } });
  ids = { app: app.id, west: west.id, east: east.id, oncall: oncall.id };
});

async function aRun(rtoSeconds: number, kind: "FAILOVER" | "DRILL") {
  const started = new Date(Date.now() - 60_000);
  await t.db.failoverRun.create({
    data: {
      kind, status: "SUCCEEDED", reason: "test", rtoSeconds, applicationId: ids.app, fromRegionId: ids.west, toRegionId: ids.east, startedById: ids.oncall, finishedAt: new Date(),
      steps: { create: [{ name: "move-volumes", position: 0, status: "SUCCEEDED", startedAt: started, finishedAt: new Date(started.getTime() + rtoSeconds * 1000) }] },
    },
  });
}

const scrape = async () => parsePrometheusTextFormat(await createPortalMetrics(t.db).metrics());
const family = (families: Awaited<ReturnType<typeof scrape>>, name: string) => families.find((f) => f.name === name)?.metrics ?? [];
const value = (families: Awaited<ReturnType<typeof scrape>>, name: string, labels: Record<string, string>) =>
  Number(family(families, name).find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))?.value);

describe("the metrics endpoint's registry", () => {
  it("is valid Prometheus text, with runs, RTO, step durations, orders and region health", async () => {
    await aRun(42, "DRILL");
    const families = await scrape();
    expect(families.map((f) => f.name)).toEqual(
      expect.arrayContaining(["continuum_runs", "continuum_run_rto_seconds", "continuum_application_last_rto_seconds", "continuum_run_step_duration_seconds", "continuum_orders", "continuum_region_up", "continuum_region_latency_seconds", "continuum_process_resident_memory_bytes"]),
    );
    expect(value(families, "continuum_runs", { kind: "drill", status: "succeeded" })).toBe(1);
    expect(value(families, "continuum_run_rto_seconds", { kind: "drill", quantile: "0.5" })).toBe(42);
    expect(value(families, "continuum_application_last_rto_seconds", { application: "books", kind: "drill" })).toBe(42);
    expect(value(families, "continuum_run_step_duration_seconds", { step: "move-volumes", quantile: "0.5" })).toBeCloseTo(42);
    expect(value(families, "continuum_region_up", { region: "europe-west", system: "cluster" })).toBe(1);
    expect(value(families, "continuum_region_up", { region: "europe-west", system: "block_storage" })).toBe(0);
    expect(value(families, "continuum_region_latency_seconds", { region: "europe-west", system: "cluster" })).toBe(0.012);
    // A region never checked yet reports nothing rather than "down".
    expect(family(families, "continuum_region_up").some((m) => m.labels?.region === "europe-east")).toBe(false);
  });

  it("changes after a run", async () => {
    await aRun(10, "FAILOVER");
    const families = await scrape();
    expect(value(families, "continuum_runs", { kind: "failover", status: "succeeded" })).toBe(1);
    expect(value(families, "continuum_application_last_rto_seconds", { application: "books", kind: "failover" })).toBe(10);
  });
});
