"use server";

import { z } from "zod";
import { db } from "@/lib/db/client";
import { cancelOrder } from "@/lib/orders/cancel-order";
import { defineAction } from "../define-action";
import { config } from "@/lib/config/config";

export const cancelOrderAction = defineAction(
  {
    name: "order.cancel",
    permission: "order:cancel-own",
    forbiddenTo: "cancel orders",
    input: z.object({ orderId: z.string().min(1, "Choose an order.") }),
    revalidate: ["/approvals", "/orders", "/"],
  },
  async ({ orderId }, { actor, requestId }) => cancelOrder(db(), orderId, { ...actor, requestId }, config().orders),
);
