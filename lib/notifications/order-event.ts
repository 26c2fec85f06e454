import type { SqlTransaction } from "@/lib/jobs/job-queue";
import { enqueueJob, QUEUES } from "@/lib/jobs/job-queue";
import { config } from "@/lib/config/config";

// The JSON an order's webhook receives. Versioned by `type` so receivers can switch on it.
export interface OrderEvent {
  type: "order.submitted" | "order.approved" | "order.rejected" | "order.cancelled";
  id: string;
  at: string;
  order: {
    id: string;
    /** NEW, CHANGE (of an existing application) or RETIRE. */
    kind: string;
    applicationName: string;
    profile: string;
    regions: string[];
    quotaSize: string;
    costCenter: string;
    estimatedMonthlyCost: number;
    status: string;
    requester: string;
    decidedBy?: string | null;
    decisionNote?: string | null;
  };
  url: string;
}

interface OrderForEvent {
  id: string;
  kind: string;
  applicationName: string;
  profile: string;
  quotaSize: string;
  costCenter: string;
  estimatedMonthlyCost: number;
  regions: Array<{ region: { name: string } }>;
  requester: { email: string };
}

/** The order as an event carries it, in the state it has after the change. */
export function eventOrderOf(order: OrderForEvent, change: { status: string; decidedBy?: string; decisionNote?: string | null }): OrderEvent["order"] {
  return {
    id: order.id,
    kind: order.kind,
    applicationName: order.applicationName,
    profile: order.profile,
    regions: order.regions.map((r) => r.region.name),
    quotaSize: order.quotaSize,
    costCenter: order.costCenter,
    estimatedMonthlyCost: order.estimatedMonthlyCost,
    requester: order.requester.email,
    ...change,
  };
}

/** Queues the event for the webhook in the caller's transaction; nothing when none is configured. */
export async function queueOrderEvent(tx: SqlTransaction, webhookUrl: string | null, event: Omit<OrderEvent, "id" | "at" | "url">) {
  if (!webhookUrl) return null;
  const base = config().publicUrl;
  const full: OrderEvent = { ...event, id: crypto.randomUUID(), at: new Date().toISOString(), url: `${base}/orders/${event.order.id}` };
  return enqueueJob(tx, QUEUES.orderWebhook, { webhookUrl, event: full });
}
