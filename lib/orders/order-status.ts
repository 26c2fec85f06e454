import type { OrderKind, OrderStatus } from "@/lib/generated/prisma/enums";

// How an order's status reads to its owner and the platform team, with what happens next.
export const ORDER_STATUS: Record<OrderStatus, { label: string; tone: "" | "ok" | "warn" | "bad"; next: string }> = {
  SUBMITTED: { label: "Waiting for approval", tone: "warn", next: "The platform team reviews it, usually within a working day. You can cancel it until then." },
  APPROVED: { label: "Approved", tone: "ok", next: "Approved. Its namespaces are being created in every region of its profile." },
  REJECTED: { label: "Rejected", tone: "bad", next: "Rejected: the approver's note says why. Order again with what it asks for." },
  CANCELLED: { label: "Cancelled", tone: "", next: "Cancelled by its owner. Nothing was created." },
  PROVISIONING: { label: "Provisioning", tone: "warn", next: "Its namespaces are being created in every region." },
  READY: { label: "Ready", tone: "ok", next: "Ready: its namespaces exist in every region." },
  FAILED: { label: "Failed", tone: "bad", next: "Provisioning failed; the platform team sees the error and retries." },
};

// A change or a retirement goes through the same statuses, but what happens in them differs.
const NEXT_BY_KIND: Record<Exclude<OrderKind, "NEW">, Partial<Record<OrderStatus, string>>> = {
  CHANGE: {
    REJECTED: "Rejected: the approver's note says why. The application stays as it was.",
    CANCELLED: "Cancelled by its owner. The application stays as it was.",
    APPROVED: "Approved. The change is being applied in every region; the application keeps running meanwhile.",
    PROVISIONING: "Being applied: new namespaces created, the quota changed in every namespace. It retries by itself if a region does not answer.",
    READY: "Done: the change is in place in every region.",
    FAILED: "The change could not be applied everywhere; the error below says where. The platform team fixes the cause and retries it.",
  },
  RETIRE: {
    REJECTED: "Rejected: the approver's note says why. The application stays.",
    CANCELLED: "Cancelled by its owner. The application stays.",
    APPROVED: "Approved. The application's namespaces are being removed in every region.",
    PROVISIONING: "The application's namespaces are being removed in every region.",
    READY: "Done: the application is retired. Its history stays readable.",
    FAILED: "Retiring could not finish; the platform team sees the error and retries.",
  },
};

/** Who reads the order page: its requester, someone of the platform team who may decide it, or anyone else allowed to read it. */
export type OrderReader = "requester" | "decider" | "reader";

// The platform team reads the same order for what it must do, not for what it waits for.
const FOR_DECIDER: Record<OrderKind, Partial<Record<OrderStatus, string>>> = {
  NEW: {
    SUBMITTED: "Waiting for your decision: check the cost center, the justification and the monthly cost, then approve or reject it below. The owner is told either way.",
    APPROVED: "Approved. Its namespaces are being created in every region of its profile; this page follows it until it is ready.",
    PROVISIONING: "Its namespaces are being created in every region; this page follows it until it is ready.",
    REJECTED: "Rejected: the owner has the note and can order again.",
    FAILED: "Provisioning stopped short: the error below says where. Fix the cause, then retry it from the application page.",
  },
  CHANGE: {
    SUBMITTED: "Waiting for your decision on this change: check what it adds and what it will cost, then approve or reject it below. The application keeps running either way.",
    REJECTED: "Rejected: the owner has the note. The application stays as it was.",
    FAILED: "The change could not be applied everywhere: the error below says where. Fix the cause, then retry it here.",
  },
  RETIRE: {
    SUBMITTED: "Waiting for your decision: approving removes every namespace of the application in every region. Choose below what happens to its volumes.",
    REJECTED: "Rejected: the owner has the note. The application stays.",
  },
};

/** What happens next for an order of this kind in this status, in a sentence written for whoever reads it. */
export function orderNext(kind: OrderKind, status: OrderStatus, reader: OrderReader = "requester") {
  if (reader === "decider") {
    const forDecider = FOR_DECIDER[kind][status];
    if (forDecider) return forDecider;
  }
  if (reader === "reader" && status === "SUBMITTED") return "Waiting for a decision by the platform team.";
  return (kind === "NEW" ? undefined : NEXT_BY_KIND[kind][status]) ?? ORDER_STATUS[status].next;
}
