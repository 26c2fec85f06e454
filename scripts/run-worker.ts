// `npm run worker`: a replica's background work without serving pages — failover runs,
// provisioning and webhook jobs, region health checks — for a deployment that keeps execution
// apart from the web replicas (every web replica does this work too, unless CONTINUUM_WORKERS=0).
// Needs DATABASE_URL, the region files (CONTINUUM_KUBECONFIG, CONTINUUM_CLOUDS_YAML) and the key
// the portal seals secrets with (CONTINUUM_SECRET_KEY or NEXTAUTH_SECRET).
import { config } from "@/lib/config/config";
import { startPortalWorkers } from "@/lib/workers/portal-workers";
import { log } from "@/lib/log";

try {
  config();
} catch (error) {
  console.error(`[run-worker] cannot start: ${(error as Error).message}`);
  process.exit(1);
}

const work = await startPortalWorkers();
if (!work) {
  console.error("[run-worker] nothing to do: set DATABASE_URL (and do not set CONTINUUM_WORKERS=0)");
  process.exit(2);
}
console.log(`[run-worker] ${work.owner} is executing failover runs and background jobs`);
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    log.info({ signal }, "worker stopping: finishing the current steps and jobs and handing the rest back");
    void work.stop().then(() => process.exit(0));
  });
}
