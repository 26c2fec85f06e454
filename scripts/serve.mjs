// `node scripts/serve.mjs -p PORT -H HOST`: the built portal (`next start`) in
// CONTINUUM_WEB_PROCESSES processes that share one port (node:cluster hands each new connection to
// one of them). Next.js renders a page on one thread, so one process uses one core however many the
// machine has; on a machine of N cores, N processes serve about N times the pages (measured by
// `npm run bench`). Each process is a replica as the README describes them: it serves pages and,
// unless CONTINUUM_WORKERS=0, works jobs and runs under its own lease. One that dies is started
// again. In a container, run one process per pod and scale with replicas instead.
import cluster from "node:cluster";
import { createRequire } from "node:module";

const processes = Number(process.env.CONTINUUM_WEB_PROCESSES ?? "1");
const nextCli = createRequire(import.meta.url).resolve("next/dist/bin/next");

function serveHere() {
  process.argv = [process.argv[0], nextCli, "start", ...process.argv.slice(2)];
  createRequire(import.meta.url)(nextCli);
}

if (!Number.isInteger(processes) || processes < 1) {
  console.error(`CONTINUUM_WEB_PROCESSES must be a whole number of at least 1 (got "${process.env.CONTINUUM_WEB_PROCESSES}")`);
  process.exit(2);
} else if (processes === 1 || !cluster.isPrimary) {
  serveHere();
} else {
  let stopping = false;
  const start = () => {
    let served = false;
    cluster
      .fork()
      .once("listening", () => (served = true))
      .on("exit", (code, signal) => {
        if (stopping) return;
        // One that never came up (a port taken, a bad configuration) would fail again: stop and say so.
        if (!served) return void stop("SIGTERM", code || 1);
        console.error(`[serve] a web process exited (${code ?? signal}); starting another`);
        setTimeout(start, 1000);
      });
  };
  for (let i = 0; i < processes; i++) start();
  function stop(signal, exitCode = 0) {
    if (stopping) return;
    stopping = true;
    const end = () => Object.keys(cluster.workers ?? {}).length === 0 && process.exit(exitCode);
    // Each process finishes what it serves (next start's own SIGTERM handling), then this one ends.
    cluster.on("exit", end);
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
    end();
  }
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}
