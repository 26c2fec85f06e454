import Link from "next/link";
import { DataTable } from "@/components/data-table";
import { refuse } from "@/components/forbidden";
import { orderColumns, orderRow } from "@/components/order-table";
import { can } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { pageQuery, searchParamsOf } from "@/lib/lists/page-query";
import { listOrders, ORDER_SORTS } from "@/lib/orders/list-orders";
import { ORDER_STATUS } from "@/lib/orders/order-status";
import { config } from "@/lib/config/config";
import { Panel } from "@/components/panel";

export const metadata = { title: "My orders" };

const Query = pageQuery(ORDER_SORTS, { sort: "created", dir: "desc" });

export default async function MyOrdersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  if (!can(user.role, "order:create")) refuse("order:create", "order environments");
  const query = Query.parse(searchParamsOf(await searchParams));
  const orders = await listOrders(db(), { requesterId: user.id }, query);
  const { currency } = config().orders.costModel;
  const orderLink = (
    <Link className="button" href="/orders/new">
      Order an environment
    </Link>
  );
  return (
    <>
      <div className="inline spread">
        <h1>My orders</h1>
        {orderLink}
      </div>
      <p className="lead">Every order you placed, newest first, and what happens next.</p>
      <Panel>
        <DataTable
          label="Orders"
          columns={orderColumns()}
          rows={orders.items.map((order) => orderRow(order, currency))}
          total={orders.total}
          totalIsMore={orders.totalIsMore}
          cursors={orders.cursors}
          query={{ ...query, page: orders.page }}
          search="Application or cost center"
          empty={{ title: "You have not ordered anything yet", body: "Order an environment by profile: the platform team approves it, and its namespaces are made in every region.", action: orderLink }}
          testId="orders-table"
          hideToolbarWhenShort
        />
      </Panel>
      {orders.items.some((o) => o.status === "SUBMITTED") && <p className="muted">{ORDER_STATUS.SUBMITTED.next}</p>}
    </>
  );
}
