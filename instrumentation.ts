// Next.js calls register() once when a server process starts: this replica's background workers.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startPortalWorkers } = await import("@/lib/jobs/portal-workers");
  await startPortalWorkers();
}
