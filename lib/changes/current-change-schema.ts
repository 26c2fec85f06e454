import type { Db } from "@/lib/db/client";
import { currentOrderRules } from "@/lib/orders/order-rule-settings";
import { changeRequestSchema } from "./change-rules";

/** A change request is checked against the regions that can be ordered in now. */
export async function currentChangeSchema(database: Db) {
  return changeRequestSchema((await currentOrderRules(database)).regions);
}
