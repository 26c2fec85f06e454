import Link from "next/link";
import { refuse } from "@/components/forbidden";
import { OrderSummaryRow, OrderTableHead } from "@/components/order-summary-row";
import { can } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { listOrdersOf } from "@/lib/orders/list-orders";
import { ORDER_STATUS } from "@/lib/orders/order-status";
import { config } from "@/lib/config/config";

export const metadata = { title: "My orders" };

export default async function MyOrdersPage() {
  const user = await requireUser();
  if (!can(user.role, "order:create")) refuse("order:create", "order environments");
  const orders = await listOrdersOf(db(), user.id);
  const { currency } = config().orders.costModel;
  return (
    <>
      <div className="inline spread">
        <h1>My orders</h1>
        <Link className="button" href="/orders/new">
          Order an environment
        </Link>
      </div>
      <p className="lead">Every order you placed, newest first, and what happens next.</p>
      <div className="card">
        {orders.length === 0 ? (
          <p className="empty">You have not ordered anything yet.</p>
        ) : (
          <table>
            <OrderTableHead />
            <tbody>
              {orders.map((order) => (
                <OrderSummaryRow key={order.id} order={order} currency={currency} />
              ))}
            </tbody>
          </table>
        )}
      </div>
      {orders.some((o) => o.status === "SUBMITTED") && <p className="muted">{ORDER_STATUS.SUBMITTED.next}</p>}
    </>
  );
}
