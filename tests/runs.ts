import type { Db } from "@/lib/db/client";
import type { RunSettings } from "@/lib/failover/run-settings";
import { eventually } from "./simulator";

/** Run settings for tests: short leases and waits, quick retries. */
export const TEST_RUN_SETTINGS: RunSettings = { leaseMs: 3000, concurrency: 8, pollMs: 100, waitTimeoutMs: 15_000, stepAttempts: 2, retryDelayMs: 50 };

/** Waits until a run has stopped (succeeded, failed at a step, or aborted) and returns it with its steps. */
export async function runWhenSettled(db: Db, runId: string, timeoutMs = 30_000) {
  return eventually(async () => {
    const run = await db.failoverRun.findUniqueOrThrow({ where: { id: runId }, include: { steps: { orderBy: { position: "asc" } } } });
    return ["SUCCEEDED", "FAILED", "ABORTED"].includes(run.status) ? run : null;
  }, timeoutMs);
}
