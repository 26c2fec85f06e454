// `node dist/prepare-database.mjs` in the container image (an init container on OpenShift): the
// database migrated, pg-boss's queues created, and the configured regions recorded, before any
// replica serves. Reads DATABASE_URL and the region files (CONTINUUM_KUBECONFIG,
// CONTINUUM_CLOUDS_YAML). Safe to run by several replicas at once: migrations take a lock.
import { config } from "@/lib/config/config";
import { createDb } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { ensureJobQueues } from "@/lib/jobs/job-queue";
import { loadRegionConfig } from "@/lib/regions/region-config";
import { syncRegions } from "@/lib/regions/sync-regions";

let url: string | null = null;
try {
  url = config().databaseUrl;
} catch (error) {
  console.error(`[prepare] ${(error as Error).message}`);
  process.exit(1);
}
if (!url) {
  console.error("[prepare] DATABASE_URL is not set: point it at the portal's PostgreSQL.");
  process.exit(1);
}
try {
  const result = await migrate(url);
  console.log(`[prepare] migrations: ${result.applied.length ? `applied ${result.applied.join(", ")}` : `up to date (${result.alreadyApplied.length})`}`);
  await ensureJobQueues(url);
  const database = createDb(url);
  const changes = await syncRegions(database, loadRegionConfig());
  await database.$disconnect();
  console.log(`[prepare] regions: ${changes.length ? changes.join(", ") : "unchanged"}`);
} catch (error) {
  console.error(`[prepare] failed: ${(error as Error).message}`);
  process.exit(1);
}
