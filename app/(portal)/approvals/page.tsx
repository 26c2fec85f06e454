import { z } from "zod";
import { OrderSummaryRow, OrderTableHead } from "@/components/order-summary-row";
import { db } from "@/lib/db/client";
import { listApprovalQueue } from "@/lib/orders/list-orders";
import { PROFILE_INFO, PROFILES } from "@/lib/profiles/profiles";
import { ORDER_STATUS } from "@/lib/orders/order-status";
import { listRegions } from "@/lib/regions/list-regions";
import { config } from "@/lib/config/config";

export const metadata = { title: "Approvals" };

// Filters come from the address bar, so a filtered queue can be bookmarked or shared; anything
// malformed there is ignored rather than shown as an error.
const Filters = z.object({
  profile: z.enum(PROFILES).optional().catch(undefined),
  region: z.string().max(63).optional().catch(undefined),
  costCenter: z.string().max(40).optional().catch(undefined),
  minAgeDays: z.coerce.number().int().min(1).max(365).optional().catch(undefined),
  status: z.enum(["SUBMITTED", "APPROVED", "REJECTED", "CANCELLED"]).optional().catch(undefined),
});

export default async function ApprovalsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = Object.fromEntries(Object.entries(await searchParams).filter(([, v]) => typeof v === "string" && v !== ""));
  const filters = Filters.parse(raw);
  const [orders, regions] = await Promise.all([listApprovalQueue(db(), filters), listRegions(db())]);
  const { currency } = config().orders.costModel;
  const status = filters.status ?? "SUBMITTED";
  return (
    <>
      <h1>Approvals</h1>
      <p className="lead">Orders waiting for the platform team, oldest first. Open one to see everything and decide it; each order can be decided once.</p>
      <form className="card inline filters" method="get" aria-label="Filters">
        <label>
          Status
          <select name="status" defaultValue={status}>
            {(["SUBMITTED", "APPROVED", "REJECTED", "CANCELLED"] as const).map((s) => (
              <option key={s} value={s}>
                {ORDER_STATUS[s].label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Profile
          <select name="profile" defaultValue={filters.profile ?? ""}>
            <option value="">Any</option>
            {PROFILES.map((p) => (
              <option key={p} value={p}>
                {PROFILE_INFO[p].label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Region
          <select name="region" defaultValue={filters.region ?? ""}>
            <option value="">Any</option>
            {regions.map((r) => (
              <option key={r.id} value={r.name}>
                {r.displayName}
              </option>
            ))}
          </select>
        </label>
        <label>
          Cost center
          <input name="costCenter" defaultValue={filters.costCenter ?? ""} size={10} />
        </label>
        <label>
          Waiting at least
          <select name="minAgeDays" defaultValue={filters.minAgeDays?.toString() ?? ""}>
            <option value="">any time</option>
            <option value="1">1 day</option>
            <option value="3">3 days</option>
            <option value="7">a week</option>
          </select>
        </label>
        <button type="submit" className="secondary">
          Filter
        </button>
      </form>
      <div className="card">
        {orders.length === 0 ? (
          <p className="empty" data-testid="queue-empty">
            {status === "SUBMITTED" ? "Nothing waits for a decision." : "No orders match."}
          </p>
        ) : (
          <table>
            <OrderTableHead showRequester />
            <tbody>
              {orders.map((order) => (
                <OrderSummaryRow key={order.id} order={order} currency={currency} showRequester />
              ))}
            </tbody>
          </table>
        )}
      </div>
    </>
  );
}
