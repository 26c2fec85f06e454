"use server";

import { db } from "@/lib/db/client";
import { currentOrderSchema } from "@/lib/orders/order-rule-settings";
import { submitOrder } from "@/lib/orders/submit-order";
import { defineAction } from "../define-action";
import { config } from "@/lib/config/config";

export const submitOrderAction = defineAction(
  {
    name: "order.submit",
    permission: "order:create",
    forbiddenTo: "order environments",
    input: () => currentOrderSchema(db()),
    revalidate: ["/orders", "/approvals", "/"],
  },
  async (input, { actor, requestId }) => {
    const order = await submitOrder(db(), input, { ...actor, requestId }, config().orders);
    return { id: order.id, applicationName: order.applicationName, estimatedMonthlyCost: order.estimatedMonthlyCost };
  },
);
