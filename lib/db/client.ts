import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, type Prisma } from "@/lib/generated/prisma/client";
import { config } from "@/lib/config/config";

export type Db = PrismaClient;
/** The client inside an interactive transaction. */
export type Tx = Prisma.TransactionClient;

export function createDb(databaseUrl: string): Db {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
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
