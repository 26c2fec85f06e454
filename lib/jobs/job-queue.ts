import PgBoss from "pg-boss";
import { log } from "@/lib/log";
import { config, type Config } from "@/lib/config/config";

// Durable background work in Postgres through pg-boss: a job is a row written in the same
// transaction as the change that asks for it, so it exists exactly when the change does, and any
// portal replica picks it up, once, with retries and backoff.

export const QUEUES = {
  /** Delivers an order event to the configured webhook URL. */
  orderWebhook: "order-webhook",
  /** Creates an approved application's namespaces in every region; idempotent, so retried freely. */
  provisionApplication: "provision-application",
  /** Brings a DR application's passive namespace in line with its active one (lib/dr-sync). */
  drSync: "dr-sync",
  /** Removes a retired application's namespaces, volumes (as approved) and security block. */
  retireApplication: "retire-application",
  /** Applies an approved change order: new regions' namespaces, the new quota everywhere. */
  applyChange: "apply-change",
  /** A multi-site application's share of a lost region carried by its other regions, or put back (lib/failover/rescale-multi-site.ts). */
  multiSiteRescale: "multi-site-rescale",
  /** One region health check (and fencing, pairing, DR states) per interval, across all replicas. */
  regionHealthTick: "region-health-tick",
  /** One look at the DR sync schedules per minute, across all replicas. */
  drSyncScheduleTick: "dr-sync-schedule-tick",
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

// Retries back off exponentially from retryDelay seconds. A job whose replica died is retried
// once it expires (CONTINUUM_PROVISION_JOB_EXPIRE_SECONDS, 120 by default: longer than a slow
// provisioning takes) and a replica's maintenance has noticed (CONTINUUM_JOB_MAINTENANCE_SECONDS,
// 30). "stately" keeps at most one queued and one running job per singleton key (the
// application), so a retry button pressed twice queues one job.
const queueOptions = (jobs: Config["jobs"]): Record<QueueName, Omit<PgBoss.Queue, "name">> => ({
  [QUEUES.orderWebhook]: { retryLimit: 8, retryDelay: 5, retryBackoff: true },
  // A sync records its own failure for people to see; the job retries only a replica that died.
  [QUEUES.drSync]: { retryLimit: 2, retryDelay: 10, expireInSeconds: 300 },
  [QUEUES.retireApplication]: { policy: "stately", retryLimit: 10, retryDelay: 10, retryBackoff: true, expireInSeconds: 600 },
  [QUEUES.provisionApplication]: { policy: "stately", retryLimit: 10, retryDelay: 5, retryBackoff: true, expireInSeconds: jobs.provisionJobExpireSeconds },
  [QUEUES.applyChange]: { policy: "stately", retryLimit: 10, retryDelay: 5, retryBackoff: true, expireInSeconds: jobs.provisionJobExpireSeconds },
  // Retried while a region is slow to answer; the row keeps the plan, so a retry scales to the same counts.
  [QUEUES.multiSiteRescale]: { retryLimit: 10, retryDelay: 5, retryBackoff: true, expireInSeconds: 600 },
  // A tick that fails is not repeated: the next one comes at the next interval.
  [QUEUES.regionHealthTick]: { retryLimit: 0, expireInSeconds: 300 },
  [QUEUES.drSyncScheduleTick]: { retryLimit: 0, expireInSeconds: 300 },
});

const SCHEMA = "pgboss";

/** The part of a Prisma transaction that pg-boss needs to insert its job row there. */
export interface SqlTransaction {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

function bossOf(databaseUrl: string, extra: Partial<PgBoss.ConstructorOptions> = {}) {
  return new PgBoss({ connectionString: databaseUrl, schema: SCHEMA, application_name: "continuum-jobs", ...extra });
}

/** Creates pg-boss's schema and Continuum's queues; run at start-up beside the migrations. */
export async function ensureJobQueues(databaseUrl: string, jobs: Config["jobs"] = config().jobs) {
  const options = queueOptions(jobs);
  const boss = bossOf(databaseUrl, { supervise: false, schedule: false, max: 1 });
  boss.on("error", (error) => log.error({ err: error }, "job queue setup error"));
  await boss.start();
  try {
    const existing = new Set((await boss.getQueues()).map((q) => q.name));
    for (const name of Object.values(QUEUES)) {
      if (existing.has(name)) await boss.updateQueue(name, { name, ...options[name] });
      else await boss.createQueue(name, { name, ...options[name] });
    }
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}

// A boss that only inserts jobs through a caller's transaction needs no connection of its own.
const inserter = new PgBoss({ db: { executeSql: async () => ({ rows: [] }) }, schema: SCHEMA });

/** Adds a job inside the caller's transaction: it commits or rolls back with the change. */
export async function enqueueJob(tx: SqlTransaction, queue: QueueName, data: object, options: PgBoss.JobOptions = {}) {
  const db = {
    executeSql: async (text: string, values: unknown[]) => {
      // pg-boss hands objects to `pg`, which serialises them; Prisma wants strings for jsonb.
      const params = values.map((v) => (v !== null && typeof v === "object" && !(v instanceof Date) ? JSON.stringify(v) : v));
      return { rows: await tx.$queryRawUnsafe<unknown[]>(text, ...params) };
    },
  };
  return inserter.send(queue, data, { ...options, db });
}

export interface JobInfo {
  id: string;
  retryCount: number;
  retryLimit: number;
}
export type JobHandlers = Partial<Record<QueueName, (data: unknown, job: JobInfo) => Promise<void>>>;

/** Starts this replica's workers; returns a stop function for a graceful shutdown. */
export async function startJobWorkers(databaseUrl: string, handlers: JobHandlers, options: { pollingIntervalSeconds?: number } = {}) {
  const boss = bossOf(databaseUrl, { max: 4, maintenanceIntervalSeconds: config().jobs.maintenanceSeconds });
  boss.on("error", (error) => log.error({ err: error }, "job queue error"));
  await boss.start();
  for (const [queue, handle] of Object.entries(handlers)) {
    await boss.work(queue, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2, includeMetadata: true }, async ([job]) => {
      const started = performance.now();
      try {
        await handle!(job!.data, { id: job!.id, retryCount: job!.retryCount, retryLimit: job!.retryLimit });
        log.info({ queue, jobId: job!.id, ms: Math.round(performance.now() - started) }, "job done");
      } catch (error) {
        log.warn({ queue, jobId: job!.id, attempt: job!.retryCount + 1, err: error }, "job failed; pg-boss retries it with backoff");
        throw error;
      }
    });
  }
  return () => boss.stop({ graceful: true, wait: true, timeout: 10_000 });
}

export interface Tick {
  queue: QueueName;
  everySeconds: number;
}

/**
 * Periodic work that must happen once per interval across all replicas, not once per replica:
 * every replica offers a job at each interval, throttled by pg-boss to one per time slot (a unique
 * index on the slot), and whichever replica's worker takes it does the work. A replica that dies
 * takes nothing with it: the next slot's job is offered by the others.
 */
export async function startTicks(databaseUrl: string, ticks: Tick[]) {
  const boss = bossOf(databaseUrl, { supervise: false, schedule: false, max: 1 });
  boss.on("error", (error) => log.warn({ err: error }, "job queue error while offering a tick"));
  await boss.start();
  const offer = (tick: Tick) =>
    void boss.sendThrottled(tick.queue, {}, {}, tick.everySeconds, tick.queue).catch((error) => log.warn({ queue: tick.queue, err: error }, "could not offer the tick; the next interval tries again"));
  const timers = ticks.map((tick) => {
    offer(tick);
    return setInterval(() => offer(tick), tick.everySeconds * 1000);
  });
  return async () => {
    timers.forEach(clearInterval);
    await boss.stop({ graceful: false, wait: true });
  };
}
