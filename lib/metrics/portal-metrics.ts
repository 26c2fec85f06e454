import client from "prom-client";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { DR_CONDITIONS, DR_PHASES, type DrState } from "@/lib/failover/dr-state";

// Prometheus metrics at /api/metrics. Everything about runs, orders and regions is read from the
// database when scraped, so every replica reports the same numbers (no per-process counters to
// add up) and they survive restarts. Process metrics (memory, event loop) are per replica.

const WINDOW_DAYS = 30;
const QUANTILES = [0.5, 0.9, 0.99];

export function createPortalMetrics(db: Db): client.Registry {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: "continuum_" });

  new client.Gauge({
    name: "continuum_runs",
    help: "Failover runs by kind, mode and status (all time)",
    labelNames: ["kind", "mode", "status"],
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await db.failoverRun.groupBy({ by: ["kind", "mode", "status"], _count: { _all: true } })) {
        this.set({ kind: row.kind.toLowerCase(), mode: row.mode.toLowerCase(), status: row.status.toLowerCase() }, row._count._all);
      }
    },
  });

  new client.Gauge({
    name: "continuum_run_rto_seconds",
    help: `RTO (click to every pod ready) of the runs that succeeded in the last ${WINDOW_DAYS} days, by kind and quantile`,
    labelNames: ["kind", "quantile"],
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await db.$queryRaw<Array<{ kind: string; q: number[] }>>`
        SELECT "kind"::text AS kind, percentile_cont(${QUANTILES}::float8[]) WITHIN GROUP (ORDER BY "rtoSeconds") AS q
          FROM "FailoverRun"
         WHERE "status" = 'SUCCEEDED' AND "rtoSeconds" IS NOT NULL AND "createdAt" > now() - make_interval(days => ${WINDOW_DAYS})
         GROUP BY "kind"`;
      for (const row of rows) QUANTILES.forEach((quantile, i) => this.set({ kind: row.kind.toLowerCase(), quantile: String(quantile) }, row.q[i]!));
    },
  });

  new client.Gauge({
    name: "continuum_application_last_rto_seconds",
    help: "RTO of each DR application's latest successful failover, failback or drill",
    labelNames: ["application", "kind"],
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await db.$queryRaw<Array<{ application: string; kind: string; rto: number }>>`
        SELECT DISTINCT ON (r."applicationId", r."kind") a."name" AS application, r."kind"::text AS kind, r."rtoSeconds" AS rto
          FROM "FailoverRun" r JOIN "Application" a ON a."id" = r."applicationId"
         WHERE r."status" = 'SUCCEEDED' AND r."rtoSeconds" IS NOT NULL
         ORDER BY r."applicationId", r."kind", r."createdAt" DESC`;
      for (const row of rows) this.set({ application: row.application, kind: row.kind.toLowerCase() }, row.rto);
    },
  });

  new client.Gauge({
    name: "continuum_run_step_duration_seconds",
    help: `Duration of run steps that ended in the last ${WINDOW_DAYS} days, by step and quantile`,
    labelNames: ["step", "quantile"],
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await db.$queryRaw<Array<{ step: string; q: number[] }>>`
        SELECT "name" AS step, percentile_cont(${QUANTILES}::float8[]) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM "finishedAt" - "startedAt")) AS q
          FROM "RunStep"
         WHERE "status" = 'SUCCEEDED' AND "startedAt" IS NOT NULL AND "finishedAt" > now() - make_interval(days => ${WINDOW_DAYS})
         GROUP BY "name"`;
      for (const row of rows) QUANTILES.forEach((quantile, i) => this.set({ step: row.step, quantile: String(quantile) }, Number(row.q[i])));
    },
  });

  new client.Gauge({
    name: "continuum_orders",
    help: "Orders by status",
    labelNames: ["status"],
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await db.order.groupBy({ by: ["status"], _count: { _all: true } })) this.set({ status: row.status.toLowerCase() }, row._count._all);
    },
  });

  const regionRows = () => db.region.findMany({ where: { enabled: true, healthCheckedAt: { not: null } } });
  new client.Gauge({
    name: "continuum_region_up",
    help: "Whether a region's cluster API or block storage answered the last health check (1) or not (0)",
    labelNames: ["region", "system"],
    registers: [registry],
    async collect() {
      this.reset();
      for (const region of await regionRows()) {
        this.set({ region: region.name, system: "cluster" }, region.clusterUp ? 1 : 0);
        this.set({ region: region.name, system: "block_storage" }, region.storageUp ? 1 : 0);
      }
    },
  });
  new client.Gauge({
    name: "continuum_region_latency_seconds",
    help: "How long a region's cluster API or block storage took to answer the last health check",
    labelNames: ["region", "system"],
    registers: [registry],
    async collect() {
      this.reset();
      for (const region of await regionRows()) {
        if (region.clusterLatencyMs !== null) this.set({ region: region.name, system: "cluster" }, region.clusterLatencyMs / 1000);
        if (region.storageLatencyMs !== null) this.set({ region: region.name, system: "block_storage" }, region.storageLatencyMs / 1000);
      }
    },
  });
  new client.Gauge({
    name: "continuum_region_health_checked_timestamp_seconds",
    help: "When each region was last checked (Unix time)",
    labelNames: ["region"],
    registers: [registry],
    async collect() {
      this.reset();
      for (const region of await regionRows()) this.set({ region: region.name }, region.healthCheckedAt!.getTime() / 1000);
    },
  });
  const drStates = async () =>
    (await db.application.findMany({ where: { profile: "DR", status: "READY", drState: { not: Prisma.DbNull } }, select: { name: true, drState: true } })).map((a) => ({ name: a.name, state: a.drState as unknown as DrState }));
  new client.Gauge({
    name: "continuum_application_dr_phase",
    help: "The DR phase of each DR application: 1 for the phase it is in, 0 for the others",
    labelNames: ["application", "phase"],
    registers: [registry],
    async collect() {
      this.reset();
      for (const { name, state } of await drStates()) for (const phase of DR_PHASES) this.set({ application: name, phase: phase.toLowerCase() }, state.phase === phase ? 1 : 0);
    },
  });
  new client.Gauge({
    name: "continuum_application_dr_condition",
    help: "The DR conditions of each DR application (peer_ready, data_protected, fenced): 1 true, 0 false",
    labelNames: ["application", "condition"],
    registers: [registry],
    async collect() {
      this.reset();
      for (const { name, state } of await drStates()) {
        for (const condition of DR_CONDITIONS) this.set({ application: name, condition: condition.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) }, state.conditions[condition].status ? 1 : 0);
      }
    },
  });
  return registry;
}

const holder = globalThis as unknown as { continuumMetrics?: client.Registry };

/** This process's registry (one, even when Next.js reloads the module). */
export function portalMetrics(db: Db) {
  holder.continuumMetrics ??= createPortalMetrics(db);
  return holder.continuumMetrics;
}
