import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { log } from "@/lib/log";
import type { RegionClients } from "@/lib/regions/region-clients";
import { executeRun } from "./execute-run";
import { listenForRunWakeups } from "./run-wakeup";
import type { RunSettings } from "@/lib/config/run-settings";

// Every portal replica runs one supervisor: it looks for runs that nobody holds (new ones, and
// those whose replica died) and executes up to `concurrency` of them at once. The run rows are
// the queue; the lease in each row makes sure one replica executes a run at a time.

export interface RunSupervisor {
  readonly owner: string;
  /** Runs this replica is executing now. */
  active(): number;
  /** Finishes the steps in progress, hands the runs back (their lease ends at once), and stops. */
  stop(): Promise<void>;
}

/** With `databaseUrl`, the supervisor also listens for runs as they are created (see run-wakeup.ts); the poll stays as the fallback. */
export function startRunSupervisor(db: Db, clients: RegionClients, settings: RunSettings, databaseUrl?: string): RunSupervisor {
  const owner = `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  const running = new Map<string, Promise<unknown>>();
  let stopping = false;
  let polling = false;
  // A wake-up while a poll is under way must not be lost: that poll may have read before the run committed.
  let pollAgain = false;

  const poll = async () => {
    if (stopping || running.size >= settings.concurrency) return;
    if (polling) return void (pollAgain = true);
    polling = true;
    pollAgain = false;
    try {
      const candidates = await db.$queryRaw<Array<{ id: string }>>`
        SELECT "id" FROM "FailoverRun"
         WHERE "status" IN ('PENDING', 'RUNNING') AND ("leaseUntil" IS NULL OR "leaseUntil" < now())
         ORDER BY "createdAt" LIMIT ${settings.concurrency - running.size + 4}`;
      for (const { id } of candidates) {
        if (stopping || running.size >= settings.concurrency || running.has(id)) continue;
        // The slot frees when the execution ends, or as soon as its lease is lost: an execution
        // stuck on a call that never answers must not hold the run here for good. Should it wake
        // up, the lease's epoch keeps it from writing anything.
        const release = () => {
          if (running.get(id) !== execution) return;
          running.delete(id);
          void poll();
        };
        const execution: Promise<unknown> = executeRun(db, clients, id, settings, owner, { stopping: () => stopping, leaseLost: () => release() })
          .then((outcome) => outcome !== "not-claimed" && log.info({ runId: id, outcome }, "run execution ended on this replica"))
          .catch((error) => log.error({ runId: id, err: error }, "run execution broke off; another replica resumes it when the lease runs out"))
          .finally(release);
        running.set(id, execution);
      }
    } catch (error) {
      log.warn({ err: error }, "could not look for runs to execute; trying again");
    } finally {
      polling = false;
      if (pollAgain) void poll();
    }
  };

  const timer = setInterval(() => void poll(), settings.pollMs);
  const wakeups = databaseUrl ? listenForRunWakeups(databaseUrl, () => void poll()) : null;
  void poll();
  log.info({ owner, concurrency: settings.concurrency }, "run supervisor started");
  return {
    owner,
    active: () => running.size,
    async stop() {
      stopping = true;
      clearInterval(timer);
      await wakeups?.stop();
      await Promise.allSettled([...running.values()]);
    },
  };
}
