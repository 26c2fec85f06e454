import Link from "next/link";
import type { OrderWithRegions } from "@/lib/orders/list-orders";
import { formatMoney } from "@/lib/pricing/cost-model";
import { PROFILE_INFO } from "@/lib/profiles/profiles";
import type { DataColumn, DataRow } from "./data-table";
import { OrderStatusBadge } from "./order-status-badge";
import { StatusLabel } from "./status-label";

export function ageOf(date: Date) {
  const hours = Math.floor((Date.now() - date.getTime()) / 3_600_000);
  return hours < 1 ? "under an hour" : hours < 48 ? `${hours} h` : `${Math.floor(hours / 24)} days`;
}

/** The columns of an order list: the same in "My orders" and in the approvals queue. */
export function orderColumns(showRequester?: boolean): DataColumn[] {
  return [
    { key: "application", title: showRequester ? "Application / owner" : "Application", sort: "application" },
    { key: "profile", title: "Profile" },
    { key: "regions", title: "Regions" },
    { key: "costCenter", title: "Cost center", sort: "costCenter" },
    { key: "estimate", title: "Estimate", sort: "estimate" },
    { key: "age", title: "Age", sort: "created" },
    { key: "status", title: "Status", sort: "status" },
  ];
}

/** One order as a row of those columns. */
export function orderRow(order: OrderWithRegions, currency: string, showRequester?: boolean): DataRow {
  return {
    id: order.id,
    testId: order.kind === "NEW" ? `order-${order.applicationName}` : `order-${order.kind.toLowerCase()}-${order.applicationName}`,
    cells: {
      application: (
      <>
        {order.kind === "RETIRE" && <StatusLabel tone="bad">retire</StatusLabel>}
        {order.kind === "CHANGE" && <StatusLabel tone="warn">change</StatusLabel>}{" "}
        <Link href={`/orders/${order.id}`} className="mono">
          {order.applicationName}
        </Link>
        {showRequester && <div className="muted">{order.requester.name}</div>}
      </>
      ),
      profile: PROFILE_INFO[order.profile].label,
      regions: <span className="mono">
        {order.kind === "CHANGE" ? (order.regions.length ? `+ ${order.regions.map((r) => r.region.name).join(", ")}` : "—") : order.regions.map((r) => r.region.name).join(" → ")}
      </span>,
      costCenter: <span className="mono">{order.costCenter}</span>,
      estimate: `${formatMoney(order.estimatedMonthlyCost, currency)}/mo`,
      age: ageOf(order.createdAt),
      status: <OrderStatusBadge status={order.status} />,
    },
  };
}
