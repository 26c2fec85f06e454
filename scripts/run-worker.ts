// `npm run worker`: executes failover runs without serving pages, for a deployment that keeps
// run execution apart from the web replicas (every web replica executes runs too, unless
// CONTINUUM_WORKERS=0). Needs DATABASE_URL, the region files (CONTINUUM_KUBECONFIG,
// CONTINUUM_CLOUDS_YAML) and the key the portal seals secrets with (CONTINUUM_SECRET_KEY or
// NEXTAUTH_SECRET).
import { db } from "@/lib/db/client";
import { loadRunSettings } from "@/lib/failover/run-settings";
import { startRunSupervisor } from "@/lib/failover/run-supervisor";
import { log } from "@/lib/log";
import { regionClients } from "@/lib/regions/region-clients";

const supervisor = startRunSupervisor(db(), regionClients(), loadRunSettings());
console.log(`[run-worker] ${supervisor.owner} is executing failover runs`);
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    log.info({ signal }, "run worker stopping: finishing the current steps and handing the runs back");
    void supervisor.stop().then(() => process.exit(0));
  });
}
