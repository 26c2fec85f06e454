import { setMaxListeners } from "node:events";
import { performance } from "node:perf_hooks";
import type { Db, Tx } from "@/lib/db/client";
import { log } from "@/lib/log";

// A replica's claim on one run, with a fencing token. Every claim increments the run's
// `leaseEpoch`; every write of the run, its steps and what they record happens in a transaction
// that first checks, under a row lock, that the epoch is still ours. A replica that paused past
// its lease (GC, CPU starvation, a frozen VM) and was replaced can therefore write nothing more,
// and before each platform call it confirms the lease, so it stops instead of acting twice.

export class LeaseLostError extends Error {
  constructor(runId: string) {
    super(`this replica no longer holds run ${runId}; another replica carries it on`);
    this.name = "LeaseLostError";
  }
}

export interface RunLease {
  readonly runId: string;
  readonly owner: string;
  readonly epoch: number;
  /** Fires when the lease is lost: every platform call of the run's step is abandoned. */
  readonly signal: AbortSignal;
  lost(): boolean;
  /**
   * Before a platform call: free while the last renewal is fresh, else a renewal now. Throws
   * LeaseLostError (and fires the signal) when another replica took the run, or when the lease
   * may have run out and the database cannot say otherwise.
   */
  confirm(): Promise<void>;
  /** Runs `work` in a transaction that writes only while this replica holds the run. */
  write<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  /** Gives the run back at once, for a replica that is shutting down. */
  handBack(): Promise<void>;
  /** Stops renewing (the run is finished, or handed back). */
  end(): void;
}

/** Claims a run nobody holds (new, or its replica's lease ran out); null when another replica has it. */
export async function claimRun(db: Db, runId: string, owner: string, leaseMs: number): Promise<RunLease | null> {
  const sentAt = performance.now();
  const rows = await db.$queryRaw<Array<{ leaseEpoch: number }>>`
    UPDATE "FailoverRun"
       SET "leaseOwner" = ${owner}, "leaseUntil" = now() + make_interval(secs => ${leaseMs / 1000}),
           "leaseEpoch" = "leaseEpoch" + 1,
           "status" = 'RUNNING', "startedAt" = COALESCE("startedAt", now())
     WHERE "id" = ${runId} AND "status" IN ('PENDING', 'RUNNING')
       AND ("leaseUntil" IS NULL OR "leaseUntil" < now())
 RETURNING "leaseEpoch"`;
  if (rows.length !== 1) return null;
  return heldLease(db, runId, owner, rows[0]!.leaseEpoch, leaseMs, sentAt);
}

function heldLease(db: Db, runId: string, owner: string, epoch: number, leaseMs: number, claimedAt: number): RunLease {
  const controller = new AbortController();
  // Every platform call of the run listens to it, several at once (an import applies six objects together).
  setMaxListeners(100, controller.signal);
  // Measured on this process's monotonic clock from before the request that set the lease left,
  // so it never outlasts the row's leaseUntil (which the database set later).
  let validUntil = claimedAt + leaseMs;
  let renewal: Promise<void> | null = null;
  // After the run finished or was handed back, a renewal still in flight finds the row released: that is no loss.
  let ended = false;

  const lose = () => {
    if (!ended && !controller.signal.aborted) {
      log.warn({ runId, owner, epoch }, "lost the run's lease; this replica stops working on it");
      controller.abort(new LeaseLostError(runId));
    }
  };

  const renew = () =>
    (renewal ??= (async () => {
      const sentAt = performance.now();
      try {
        const renewed = await db.$executeRaw`
          UPDATE "FailoverRun" SET "leaseUntil" = now() + make_interval(secs => ${leaseMs / 1000})
           WHERE "id" = ${runId} AND "leaseEpoch" = ${epoch} AND "leaseOwner" = ${owner} AND "status" = 'RUNNING'`;
        if (renewed === 1) validUntil = sentAt + leaseMs;
        else lose();
      } catch (error) {
        log.warn({ runId, err: error }, "could not renew the run's lease; another replica may take it over");
        if (performance.now() >= validUntil) lose();
      } finally {
        renewal = null;
      }
    })());

  const heartbeat = setInterval(() => {
    // Out of time is lost, even while a renewal hangs (a connection that never answers): the
    // run's calls stop and the supervisor may claim it again, fenced by the next epoch.
    if (performance.now() >= validUntil) lose();
    void renew();
  }, leaseMs / 3);
  heartbeat.unref();

  const assertHeld = () => {
    if (controller.signal.aborted) throw new LeaseLostError(runId);
  };

  return {
    runId,
    owner,
    epoch,
    signal: controller.signal,
    lost: () => controller.signal.aborted,
    async confirm() {
      assertHeld();
      // A heartbeat is due every third of the lease; a lease this close to its end means the
      // process was held up, so it asks the database before it touches a platform again.
      if (validUntil - performance.now() < leaseMs / 3) await renew();
      if (performance.now() >= validUntil) lose();
      assertHeld();
    },
    async write(work) {
      assertHeld();
      try {
        return await db.$transaction(async (tx) => {
          // FOR SHARE: a claim by another replica (an UPDATE of this row) waits until this write is
          // committed, so the new holder reads everything this replica wrote before it lost the run.
          const held = await tx.$queryRaw<unknown[]>`
            SELECT 1 FROM "FailoverRun" WHERE "id" = ${runId} AND "leaseEpoch" = ${epoch} AND "leaseOwner" = ${owner} FOR SHARE`;
          if (held.length !== 1) throw new LeaseLostError(runId);
          return work(tx);
        });
      } catch (error) {
        if (error instanceof LeaseLostError) lose();
        throw error;
      }
    },
    async handBack() {
      await db.failoverRun.updateMany({ where: { id: runId, leaseOwner: owner, leaseEpoch: epoch }, data: { leaseUntil: new Date(0), leaseOwner: null } });
    },
    end: () => {
      ended = true;
      clearInterval(heartbeat);
    },
  };
}
