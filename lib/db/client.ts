import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, type Prisma } from "@/lib/generated/prisma/client";
import { config } from "@/lib/config/config";

export type Db = PrismaClient;
/** The client inside an interactive transaction. */
export type Tx = Prisma.TransactionClient;

/**
 * How long opening a database connection may take. Without a bound a connection that never
 * completes (a server half-way through a restart, or a loopback connection to a dead port that
 * connected to itself) would hang whatever waits on it for good: the run supervisor's poll among them.
 */
export const CONNECT_TIMEOUT_MS = 10_000;

export function createDb(databaseUrl: string): Db {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, connectionTimeoutMillis: CONNECT_TIMEOUT_MS }) });
}

// One client per process; created on first use so `next build` needs no database.
const holder = globalThis as unknown as { continuumDb?: Db };

export function db(): Db {
  if (!holder.continuumDb) {
    const url = config().databaseUrl;
    if (!url) {
      throw new Error(
        "DATABASE_URL is not set. Start the portal with `npm start` (it starts an embedded PostgreSQL) or set DATABASE_URL.",
      );
    }
    holder.continuumDb = createDb(url);
  }
  return holder.continuumDb;
}
