// Next.js calls register() once when a server process starts: this replica's background workers.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // A bad configuration stops the server here, naming the variable and its rule.
  (await import("@/lib/config/config")).config();
  const { startPortalWorkers } = await import("@/lib/workers/portal-workers");
  const { log } = await import("@/lib/log");
  const work = await startPortalWorkers();
  if (!work) return;
  const shutdown = () => void work.stop().catch((error) => log.error({ err: error }, "stopping background workers failed"));
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}
