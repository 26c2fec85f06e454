import type { OrderStatus } from "@/lib/generated/prisma/enums";
import { ORDER_STATUS } from "@/lib/orders/order-status";
import { StatusLabel } from "./status-label";

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  const info = ORDER_STATUS[status];
  return (
    <StatusLabel tone={info.tone} testId="order-status">
      {info.label}
    </StatusLabel>
  );
}
