import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedDatabase } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";
import { ensureJobQueues } from "@/lib/jobs/job-queue";

// Tests run against a real PostgreSQL: TEST_DATABASE_URL when given (its database must be
// throwaway: templates are created beside it), else an embedded one in a temporary directory.

export const TEMPLATE_DATABASE = "continuum_test_template";

declare module "vitest" {
  export interface ProvidedContext {
    postgresServerUrl: string;
  }
}

export default async function setup(project: TestProject) {
  let serverUrl: string;
  let teardown = async () => {};
  if (process.env.TEST_DATABASE_URL) {
    const url = new URL(process.env.TEST_DATABASE_URL);
    url.pathname = "/";
    serverUrl = url.toString();
  } else {
    const home = await mkdtemp(path.join(os.tmpdir(), "continuum-test-pg-"));
    const embedded = await startEmbeddedDatabase(home, { port: 0 });
    const url = new URL(embedded.url);
    url.pathname = "/";
    serverUrl = url.toString();
    teardown = async () => {
      await embedded.stop();
      await rm(home, { recursive: true, force: true });
    };
  }
  const admin = new pg.Client({ connectionString: serverUrl + "postgres" });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  await admin.end();
  await migrate(serverUrl + TEMPLATE_DATABASE);
  await ensureJobQueues(serverUrl + TEMPLATE_DATABASE);
  project.provide("postgresServerUrl", serverUrl);
  return teardown;
}
