import type { OrderStatus } from "@/lib/generated/prisma/enums";

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
