import type { OrderStatus } from "@/lib/generated/prisma/enums";
import { ORDER_STATUS } from "@/lib/orders/order-status";

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  const info = ORDER_STATUS[status];
  return (
    <span className={`badge ${info.tone}`} data-testid="order-status">
      {info.label}
    </span>
  );
}
