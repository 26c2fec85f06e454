"use server";

import { z } from "zod";
import { retryChange } from "@/lib/changes/retry-change";
import { db } from "@/lib/db/client";
import { defineAction } from "../define-action";

/** The platform team retries a change whose job ran out of attempts, once its cause is fixed. */
export const retryChangeAction = defineAction(
  {
    name: "order.retry_change",
    permission: "region:manage",
    forbiddenTo: "retry a change",
    input: z.object({ orderId: z.string().min(1, "Choose an order.") }),
    revalidate: ["/orders", "/"],
  },
  async ({ orderId }, { actor, requestId }) => retryChange(db(), orderId, { ...actor, requestId }),
);
