import type { Db } from "@/lib/db/client";
import type { RunSettings } from "@/lib/config/run-settings";
import type { OrderInput } from "@/lib/orders/order-rules";
import { loadBlockRange } from "@/lib/config/block-range";
import { provisionApplication } from "@/lib/provisioning/provision-application";
import type { RegionClients } from "@/lib/regions/region-clients";
import { anOrder, approveAnOrder } from "./orders";
import { eventually } from "./simulator";

/** Run settings for tests: short leases and waits, quick retries. */
export const TEST_RUN_SETTINGS: RunSettings = { leaseMs: 3000, concurrency: 8, pollMs: 100, waitTimeoutMs: 15_000, stepAttempts: 2, retryDelayMs: 50 };

/** An owner, an approver and an on-call engineer of one (test) organisation. */
export async function createPeople(db: Db, domain: string) {
  const person = (role: "OWNER" | "APPROVER" | "ONCALL") => db.user.create({ data: { email: `${role.toLowerCase()}@${domain}`, name: role.toLowerCase(), role } });
  return { owner: await person("OWNER"), approver: await person("APPROVER"), oncall: await person("ONCALL") };
}

/** A DR application ordered, approved and provisioned in europe-west (primary) and europe-east. */
export async function provisionedDrApplication(db: Db, clients: RegionClients, people: Awaited<ReturnType<typeof createPeople>>, name: string, order: Partial<OrderInput> = {}) {
  const application = await approveAnOrder(db, anOrder({ applicationName: name, regions: ["europe-west", "europe-east"], ...order }), people.owner, people.approver);
  const outcome = await provisionApplication(db, clients, application.id, loadBlockRange({}));
  if (outcome.status !== "READY") throw new Error(`provisioning ${name} did not finish: ${JSON.stringify(outcome.failed)}`);
  return application;
}

/** Waits until a run has stopped (succeeded, stopped at a failed step, or aborted) and returns it with its steps. */
export async function runWhenSettled(db: Db, runId: string, timeoutMs = 30_000) {
  return eventually(async () => {
    const run = await db.failoverRun.findUniqueOrThrow({ where: { id: runId }, include: { steps: { orderBy: { position: "asc" } } } });
    return ["SUCCEEDED", "WAITING", "ABORTED"].includes(run.status) ? run : null;
  }, timeoutMs);
}
