import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, inject } from "vitest";
import { createDb, type Db } from "@/lib/db/client";

const TEMPLATE_DATABASE = "continuum_test_template";

export interface TestDatabase {
  url: string;
  db: Db;
}

/** Runs one statement on its own connection and returns the rows. */
export async function queryDatabase<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

const adminQuery = (sql: string) => queryDatabase(inject("postgresServerUrl") + "postgres", sql);

/**
 * A fresh database for one test file. `migrated` clones the migrated template; otherwise the
 * database is empty (for the migration tests). Dropped when the file's tests end.
 */
export async function createTestDatabase({ migrated = true } = {}): Promise<TestDatabase> {
  const name = `continuum_test_${randomBytes(5).toString("hex")}`;
  await adminQuery(migrated ? `CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}` : `CREATE DATABASE ${name}`);
  const url = inject("postgresServerUrl") + name;
  const db = createDb(url);
  afterAll(async () => {
    await db.$disconnect();
    await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
  return { url, db };
}
