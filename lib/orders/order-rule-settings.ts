import type { Db } from "@/lib/db/client";
import { orderInputSchema, type OrderRuleSettings } from "@/lib/orders/order-rules";
import { config } from "@/lib/config/config";
import { listEnabledRegions } from "@/lib/regions/list-regions";

/** The rules an order is checked against now: the enabled regions and the cost-center format. */
export async function currentOrderRules(database: Db): Promise<OrderRuleSettings> {
  const regions = await listEnabledRegions(database);
  return { regions: regions.map((r) => r.name), costCenter: config().orders.costCenter };
}

export async function currentOrderSchema(database: Db) {
  return orderInputSchema(await currentOrderRules(database));
}
