import { setTimeout as sleep } from "node:timers/promises";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { RegionBlockStorage } from "@/lib/platform/region-block-storage";
import type { RegionCluster } from "@/lib/platform/region-cluster";
import type { RegionClients, RegionTraffic } from "@/lib/regions/region-clients";
import { servingNamespaceIn } from "./dr-regions";
import { open, seal } from "./secret-box";
import type { NamespaceExport } from "./namespace-export";
import type { RunLease } from "./run-lease";
import type { StepName } from "./step-registry";
import type { RunSettings } from "@/lib/config/run-settings";

// What every step of a run gets: the run as stored, both sides (region, namespace, clients), the
// settings, and ways to read an earlier step's output and to report progress while it waits.

export const RUN_INCLUDE = {
  application: { include: { namespaces: { include: { region: true } }, securityBlock: true } },
  fromRegion: true,
  toRegion: true,
  steps: { orderBy: { position: "asc" } },
} as const satisfies Prisma.FailoverRunInclude;

export type LoadedRun = Prisma.FailoverRunGetPayload<{ include: typeof RUN_INCLUDE }>;

export interface RunOptions {
  freeCapacity?: boolean;
  abortRequested?: boolean;
}

export interface Side {
  region: string;
  namespace: string;
  cluster: RegionCluster;
  storage: RegionBlockStorage;
}

export interface RunContext {
  /** For reads; every write goes through `write`. */
  db: Db;
  /** A transaction that commits only while this replica still holds the run (see run-lease.ts). */
  write: RunLease["write"];
  /** Fires when this replica lost the run: waits end, platform calls are abandoned. */
  signal: AbortSignal;
  run: LoadedRun;
  options: RunOptions;
  source: Side;
  target: Side;
  settings: RunSettings;
  forced: boolean;
  /** Users' DNS, when the portal changes it; null when it is not configured to. */
  traffic: RegionTraffic | null;
  /** The output an earlier step of this run stored; for the running step, its latest progress (from an earlier attempt too). */
  outputOf<T>(step: StepName): T | null;
  /** Stores the running step's output now, so the run page shows how far a wait has got. */
  progress(output: Prisma.InputJsonValue): Promise<void>;
}

/** A step's failure, worded for the person on the run page. */
export class StepError extends Error {
  constructor(
    message: string,
    readonly retryable = false,
  ) {
    super(message);
    this.name = "StepError";
  }
}

export const drillNamespaceOf = (run: { id: string; application: { name: string } }) => `${run.application.name}-drill-${run.id.slice(-6)}`;

function servingNamespaceOfRun(run: LoadedRun, regionId: string): string {
  const namespace = servingNamespaceIn(run.application, regionId);
  if (!namespace) throw new StepError(`${run.application.name} has no production or DR namespace in that region; it is not a DR application there.`);
  return namespace;
}

export function buildRunContext(db: Db, lease: RunLease, clients: RegionClients, run: LoadedRun, step: StepName, settings: RunSettings, store: RunContext["progress"]): RunContext {
  const side = (region: { id: string; name: string }, namespace: string): Side => ({ region: region.name, namespace, cluster: clients.cluster(region.name), storage: clients.blockStorage(region.name) });
  const outputs = new Map(run.steps.map((s) => [s.name, s.output]));
  return {
    db,
    write: lease.write,
    signal: lease.signal,
    run,
    options: (run.options ?? {}) as RunOptions,
    source: side(run.fromRegion, servingNamespaceOfRun(run, run.fromRegionId)),
    target: side(run.toRegion, run.kind === "DRILL" ? drillNamespaceOf(run) : servingNamespaceOfRun(run, run.toRegionId)),
    settings,
    forced: run.mode === "FORCED",
    traffic: clients.traffic,
    outputOf: <T>(name: StepName) => (outputs.get(name) ?? null) as T | null,
    async progress(output) {
      await store(output);
      outputs.set(step, output as Prisma.JsonValue);
    },
  };
}

/**
 * Checks until `check` answers; a timeout becomes a StepError carrying what the last check saw.
 * Between checks it sleeps, or calls `pause` with the interval it would sleep (a watch can end the pause early).
 */
export async function waitUntil<T>(
  ctx: Pick<RunContext, "settings" | "signal">,
  what: string,
  check: (final: boolean) => Promise<{ done: true; value: T } | { done: false; seen: string }>,
  pause?: (intervalMs: number) => Promise<void>,
): Promise<T> {
  const { settings, signal } = ctx;
  const deadline = Date.now() + settings.waitTimeoutMs;
  // Short polls: every moment between "ready" and noticing it is added to the RTO.
  for (let interval = 50; ; interval = Math.min(interval * 2, 250)) {
    // The last look (time is up) is told so, for what it says when it gives up.
    const final = Date.now() > deadline;
    const result = await check(final);
    if (result.done) return result.value;
    if (final) throw new StepError(`Gave up waiting ${Math.round(settings.waitTimeoutMs / 1000)} s for ${what}: ${result.seen}`);
    if (pause) {
      await pause(interval);
      signal.throwIfAborted();
    } else await sleep(interval, undefined, { signal });
  }
}

/** Like Promise.all, but a failure is the first of the list's, not the first in time: what is said does not depend on which region answered faster. */
export async function allInOrder<T extends readonly unknown[]>(promises: { [K in keyof T]: Promise<T[K]> | T[K] }): Promise<T> {
  const settled = await Promise.allSettled(promises);
  const failed = settled.find((s) => s.status === "rejected");
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/** The run's export, opened (the Secrets in it are sealed at rest), or null before the export step. */
export async function findExport(ctx: Pick<RunContext, "db" | "run">): Promise<NamespaceExport | null> {
  const row = await ctx.db.applicationExport.findUnique({ where: { runId: ctx.run.id } });
  return row && (JSON.parse(open((row.objects as { sealed: string }).sealed)) as NamespaceExport);
}

/** The newest export of the application's namespace in a region (a drill's or a run's), opened, or null when there is none. */
export async function latestExportOf(db: Db, applicationId: string, regionId: string, namespace: string): Promise<NamespaceExport | null> {
  const row = await db.applicationExport.findFirst({ where: { applicationId, regionId, namespace }, orderBy: { createdAt: "desc" } });
  return row && (JSON.parse(open((row.objects as { sealed: string }).sealed)) as NamespaceExport);
}

/** The run's export, for the steps after the export step. */
export async function loadExport(ctx: Pick<RunContext, "db" | "run">): Promise<NamespaceExport> {
  const exported = await findExport(ctx);
  if (!exported) throw new StepError("This run has no export yet; retry the export step.");
  return exported;
}

export const sealExport = (exported: NamespaceExport) => ({ sealed: seal(JSON.stringify(exported)) });
