import { log } from "@/lib/log";
import { deliverWebhook } from "@/lib/notifications/deliver-webhook";
import { QUEUES, startJobWorkers, type JobHandlers } from "./job-queue";

/** What each queue's jobs do in the portal. */
export const PORTAL_JOB_HANDLERS: JobHandlers = {
  [QUEUES.orderWebhook]: (data) => deliverWebhook(data),
};

/** Started once per portal process (instrumentation.ts); every replica works the same queues. */
export async function startPortalWorkers() {
  const url = process.env.DATABASE_URL;
  if (!url || process.env.CONTINUUM_WORKERS === "0") {
    log.info("background jobs are not worked in this process (no DATABASE_URL or CONTINUUM_WORKERS=0)");
    return;
  }
  const stop = await startJobWorkers(url, PORTAL_JOB_HANDLERS);
  log.info({ queues: Object.keys(PORTAL_JOB_HANDLERS) }, "background job workers started");
  const shutdown = () => void stop().catch((error) => log.error({ err: error }, "stopping job workers failed"));
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}
