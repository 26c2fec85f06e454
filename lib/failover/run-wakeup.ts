import pg from "pg";
import { CONNECT_TIMEOUT_MS, type Tx } from "@/lib/db/client";
import { log } from "@/lib/log";

// A run waiting for a replica wakes every supervisor at once through PostgreSQL's LISTEN/NOTIFY,
// instead of waiting up to a poll interval (measured: about a second of every RTO). The poll stays
// as the fallback: a lost notification, or a listener reconnecting, costs one poll at most.

const CHANNEL = "continuum_runs_waiting";

/** Tells every listening supervisor that a run waits to be picked up; delivered when the transaction commits. */
export async function wakeRunSupervisors(tx: Tx, runId: string) {
  await tx.$executeRaw`SELECT pg_notify(${CHANNEL}, ${runId})`;
}

export interface RunWakeups {
  stop(): Promise<void>;
}

/** Calls `onWake` on every notification; reconnects with a growing pause when the connection drops. */
export function listenForRunWakeups(databaseUrl: string, onWake: () => void): RunWakeups {
  let stopped = false;
  let client: pg.Client | null = null;
  let retryMs = 500;
  // One reconnection at a time: a client can fail in more than one way at once (an error event and
  // its end), and each must not start another round of connections against a database that is down.
  let retry: NodeJS.Timeout | null = null;

  const reconnectLater = () => {
    if (stopped || retry) return;
    retry = setTimeout(() => {
      retry = null;
      void connect();
    }, retryMs);
    retry.unref();
    retryMs = Math.min(retryMs * 2, 30_000);
  };

  const connect = async () => {
    if (stopped) return;
    const next = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    next.on("notification", () => onWake());
    next.on("error", (error) => {
      if (client !== next) return;
      log.warn({ err: error }, "lost the run wake-up connection; polling carries on, reconnecting");
      client = null;
      next.end().catch(() => {});
      reconnectLater();
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${CHANNEL}`);
      if (stopped) return void (await next.end());
      client = next;
      retryMs = 500;
      // A run may have been created while no one listened.
      onWake();
    } catch (error) {
      log.warn({ err: error }, "could not listen for run wake-ups; polling carries on, trying again");
      await next.end().catch(() => {});
      reconnectLater();
    }
  };
  void connect();
  return {
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      await client?.end().catch(() => {});
      client = null;
    },
  };
}
