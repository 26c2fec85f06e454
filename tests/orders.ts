import type { Db } from "@/lib/db/client";
import { DEFAULT_COST_MODEL } from "@/lib/pricing/cost-model";
import { decideOrder } from "@/lib/approvals/decide-order";
import type { OrderInput } from "@/lib/orders/order-rules";
import type { OrderSettings } from "@/lib/config/order-settings";
import { submitOrder } from "@/lib/orders/submit-order";

/** Settings for tests that are not about the organisation's rules: any cost center, no webhook. */
export const TEST_ORDER_SETTINGS: OrderSettings = { costCenter: { pattern: "^CC-[0-9]+$", example: "CC-10420" }, costModel: DEFAULT_COST_MODEL, webhookUrl: null };

/** A complete, valid DR order, with what a test cares about overridden. */
export function anOrder(overrides: Partial<OrderInput> = {}): OrderInput {
  return {
    profile: "DR",
    applicationName: "books",
    description: "The book shop's catalogue and orders.",
    ownerGroup: "team-books",
    environments: ["dev", "test", "prod"],
    regions: ["europe-west", "europe-east"],
    quotaSize: "SMALL",
    costCenter: "CC-10420",
    justification: "Customer-facing shop; losing a region must not stop sales.",
    ...overrides,
  };
}

/** Submits an order as the owner and approves it as the approver; returns its application. */
export async function approveAnOrder(database: Db, order: OrderInput, owner: { id: string; email: string }, approver: { id: string; email: string }) {
  const submitted = await submitOrder(database, order, { ...owner, groups: [] }, TEST_ORDER_SETTINGS);
  await decideOrder(database, { orderId: submitted.id, decision: "approve", note: "" }, approver, TEST_ORDER_SETTINGS);
  return database.application.findUniqueOrThrow({ where: { name: order.applicationName }, include: { orders: true } });
}
