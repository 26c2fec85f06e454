import { z } from "zod";
import { DataTable } from "@/components/data-table";
import { orderColumns, orderRow } from "@/components/order-table";
import { db } from "@/lib/db/client";
import { pageQuery, searchParamsOf } from "@/lib/lists/page-query";
import { listOrders, ORDER_SORTS } from "@/lib/orders/list-orders";
import { PROFILE_INFO, PROFILES } from "@/lib/profiles/profiles";
import { ORDER_STATUS } from "@/lib/orders/order-status";
import { listRegions } from "@/lib/regions/list-regions";
import { config } from "@/lib/config/config";
import { Panel } from "@/components/panel";

export const metadata = { title: "Approvals" };

const DECIDABLE = ["SUBMITTED", "APPROVED", "REJECTED", "CANCELLED"] as const;

// Filters come from the address bar, so a filtered queue can be bookmarked or shared; anything
// malformed there is ignored rather than shown as an error.
const Filters = z.object({
  profile: z.enum(PROFILES).optional().catch(undefined),
  region: z.string().max(63).optional().catch(undefined),
  minAgeDays: z.coerce.number().int().min(1).max(365).optional().catch(undefined),
  status: z.enum(DECIDABLE).optional().catch(undefined),
});
// Oldest first: the order that waited longest is decided first.
const Query = pageQuery(ORDER_SORTS, { sort: "created", dir: "asc" });

export default async function ApprovalsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = searchParamsOf(await searchParams);
  const filters = Filters.parse(raw);
  const query = Query.parse(raw);
  const [orders, regions] = await Promise.all([listOrders(db(), filters, query), listRegions(db())]);
  const { currency } = config().orders.costModel;
  const any = { value: "", label: "" };
  return (
    <>
      <h1>Approvals</h1>
      <p className="lead">Orders waiting for the platform team, oldest first. Open one to see everything and decide it; each order can be decided once.</p>
      <Panel>
        <DataTable
          label="Orders"
          columns={orderColumns(true)}
          rows={orders.items.map((order) => orderRow(order, currency, true))}
          total={orders.total}
          totalIsMore={orders.totalIsMore}
          cursors={orders.cursors}
          query={{ ...query, page: orders.page }}
          search="Application, cost center or owner"
          filters={[
            { param: "status", label: "Status", value: filters.status && filters.status !== "SUBMITTED" ? filters.status : "", options: DECIDABLE.map((s) => ({ value: s === "SUBMITTED" ? "" : s, label: s === "SUBMITTED" ? "Waiting for a decision" : ORDER_STATUS[s].label })) },
            { param: "profile", label: "Profile", value: filters.profile ?? "", options: [{ ...any, label: "Any profile" }, ...PROFILES.map((p) => ({ value: p, label: PROFILE_INFO[p].label }))] },
            { param: "region", label: "Region", value: filters.region ?? "", options: [{ ...any, label: "Any region" }, ...regions.map((r) => ({ value: r.name, label: r.displayName }))] },
            {
              param: "minAgeDays",
              label: "Waiting at least",
              value: filters.minAgeDays?.toString() ?? "",
              options: [
                { ...any, label: "Waiting any time" },
                { value: "1", label: "Waiting a day or more" },
                { value: "3", label: "Waiting 3 days or more" },
                { value: "7", label: "Waiting a week or more" },
              ],
            },
          ]}
          empty={{ title: "Nothing waits for a decision", body: "New orders show here, oldest first, as owners submit them." }}
          testId="approvals-table"
        />
      </Panel>
    </>
  );
}
