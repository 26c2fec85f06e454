import { z } from "zod";
import { applyChange } from "@/lib/changes/apply-change";
import { db } from "@/lib/db/client";
import { rescaleMultiSite } from "@/lib/failover/rescale-multi-site";
import { startRunSupervisor } from "@/lib/failover/run-supervisor";
import { runDrSync } from "@/lib/dr-sync/run-dr-sync";
import { scheduleDueDrSyncs } from "@/lib/dr-sync/schedule-dr-syncs";
import { log } from "@/lib/log";
import { retireApplication } from "@/lib/retirement/retire-application";
import { deliverWebhook } from "@/lib/notifications/deliver-webhook";
import { provisionApplication, ProvisioningIncompleteError, type ProvisionOutcome } from "@/lib/provisioning/provision-application";
import { regionHealthTick } from "./region-health-tick";
import { regionClients, regionProbeClients } from "@/lib/regions/region-clients";
import { QUEUES, startJobWorkers, startTicks, type JobHandlers, type JobInfo } from "@/lib/jobs/job-queue";
import { config } from "@/lib/config/config";

const ProvisionJob = z.object({ applicationId: z.string().min(1) });
const DrSyncJob = z.object({ syncId: z.string().min(1) });
const OrderJob = z.object({ orderId: z.string().min(1) });
const RescaleJob = z.object({ rescaleId: z.string().min(1) });

/** A job's last try turns what is still failing into FAILED instead of another retry. */
const isFinalAttempt = (job: JobInfo) => job.retryCount >= job.retryLimit;

/** Throwing hands the job back to pg-boss, which retries it with backoff. */
function retryUnlessSettled(outcome: ProvisionOutcome, what: string) {
  if (outcome.status === "PROVISIONING") throw new ProvisioningIncompleteError(`${what}: ${outcome.failed.map((f) => `${f.region}/${f.namespace}`).join(", ")}`);
}

/** What each queue's jobs do in the portal. */
export const PORTAL_JOB_HANDLERS: JobHandlers = {
  [QUEUES.orderWebhook]: (data) => deliverWebhook(data),
  [QUEUES.provisionApplication]: async (data, job) => {
    const outcome = await provisionApplication(db(), regionClients(), ProvisionJob.parse(data).applicationId, config().blockRange, { finalAttempt: isFinalAttempt(job) });
    retryUnlessSettled(outcome, `${outcome.failed.length} namespace(s) not created yet`);
  },
  [QUEUES.retireApplication]: async (data) => {
    // Throwing hands the job back to pg-boss: a namespace still terminating or a volume still attached is retried.
    await retireApplication(db(), regionClients(), OrderJob.parse(data).orderId);
  },
  [QUEUES.applyChange]: async (data, job) => {
    const outcome = await applyChange(db(), regionClients(), OrderJob.parse(data).orderId, { finalAttempt: isFinalAttempt(job) });
    retryUnlessSettled(outcome, "the change is not applied yet in");
  },
  [QUEUES.drSync]: async (data) => {
    await runDrSync(db(), regionClients(), DrSyncJob.parse(data).syncId);
  },
  [QUEUES.multiSiteRescale]: async (data, job) => {
    await rescaleMultiSite(db(), regionClients(), RescaleJob.parse(data).rescaleId, config().runs, { finalAttempt: isFinalAttempt(job) });
  },
  [QUEUES.regionHealthTick]: () => regionHealthTick(db(), regionProbeClients()).catch((error) => log.warn({ err: error }, "the region health tick did not finish; the next one tries again")),
  [QUEUES.drSyncScheduleTick]: () => scheduleDueDrSyncs(db()).then(
    () => undefined,
    (error) => log.error({ err: error }, "scheduling DR syncs failed; the next tick tries again"),
  ),
};

export interface BackgroundWork {
  /** This replica's name on the runs it leases. */
  owner: string;
  /** Finishes the current steps and jobs and hands the rest back. */
  stop: () => Promise<void>;
}

/**
 * A replica's background work: the job queues (provisioning, webhooks, DR syncs), failover runs,
 * the region health checks and the DR sync schedules. Every web replica starts it (instrumentation.ts) unless
 * CONTINUUM_WORKERS=0; `npm run worker` starts it without serving pages.
 */
export async function startPortalWorkers(): Promise<BackgroundWork | null> {
  const { databaseUrl: url, workers, healthIntervalMs } = config();
  if (!url || !workers) {
    log.info("background jobs are not worked in this process (no DATABASE_URL or CONTINUUM_WORKERS=0)");
    return null;
  }
  const stopJobs = await startJobWorkers(url, PORTAL_JOB_HANDLERS);
  log.info({ queues: Object.keys(PORTAL_JOB_HANDLERS) }, "background job workers started");
  // Failover runs: their rows are their queue (see lib/failover/run-supervisor.ts).
  const runs = startRunSupervisor(db(), regionClients(), config().runs, config().databaseUrl ?? undefined);
  // Health checks and DR sync schedules: once per interval across all replicas, as pg-boss jobs.
  const stopTicks = await startTicks(url, [
    { queue: QUEUES.regionHealthTick, everySeconds: healthIntervalMs / 1000 },
    { queue: QUEUES.drSyncScheduleTick, everySeconds: 60 },
  ]);
  return {
    owner: runs.owner,
    stop: async () => {
      await Promise.all([stopJobs(), runs.stop(), stopTicks()]);
    },
  };
}
