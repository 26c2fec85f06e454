import Link from "next/link";
import type { OrderWithRegions } from "@/lib/orders/list-orders";
import { formatMoney } from "@/lib/pricing/cost-model";
import { PROFILE_INFO } from "@/lib/profiles/profiles";
import { OrderStatusBadge } from "./order-status-badge";

export function ageOf(date: Date) {
  const hours = Math.floor((Date.now() - date.getTime()) / 3_600_000);
  return hours < 1 ? "under an hour" : hours < 48 ? `${hours} h` : `${Math.floor(hours / 24)} days`;
}

/** One order in a table: the same columns in "My orders" and in the approvals queue. */
export function OrderSummaryRow({ order, currency, showRequester }: { order: OrderWithRegions; currency: string; showRequester?: boolean }) {
  return (
    <tr data-testid={order.kind === "NEW" ? `order-${order.applicationName}` : `order-${order.kind.toLowerCase()}-${order.applicationName}`}>
      <td>
        {order.kind === "RETIRE" && <span className="badge bad">retire</span>}
        {order.kind === "CHANGE" && <span className="badge warn">change</span>}{" "}
        <Link href={`/orders/${order.id}`} className="mono">
          {order.applicationName}
        </Link>
        {showRequester && <div className="muted">{order.requester.name}</div>}
      </td>
      <td>{PROFILE_INFO[order.profile].label}</td>
      <td className="mono">{order.kind === "CHANGE" ? (order.regions.length ? `+ ${order.regions.map((r) => r.region.name).join(", ")}` : "—") : order.regions.map((r) => r.region.name).join(" → ")}</td>
      <td className="mono">{order.costCenter}</td>
      <td>{formatMoney(order.estimatedMonthlyCost, currency)}/mo</td>
      <td>{ageOf(order.createdAt)}</td>
      <td>
        <OrderStatusBadge status={order.status} />
      </td>
    </tr>
  );
}

export function OrderTableHead({ showRequester }: { showRequester?: boolean }) {
  return (
    <thead>
      <tr>
        <th>Application{showRequester ? " / owner" : ""}</th>
        <th>Profile</th>
        <th>Regions</th>
        <th>Cost center</th>
        <th>Estimate</th>
        <th>Age</th>
        <th>Status</th>
      </tr>
    </thead>
  );
}
