"use server";

import { db } from "@/lib/db/client";
import { decideOrder, DecideOrderInput } from "@/lib/approvals/decide-order";
import { defineAction } from "../define-action";
import { config } from "@/lib/config/config";

export const decideOrderAction = defineAction(
  {
    name: "order.decide",
    permission: "order:decide",
    forbiddenTo: "approve or reject orders",
    input: DecideOrderInput,
    revalidate: ["/approvals", "/orders", "/"],
  },
  async (input, { actor, requestId }) => decideOrder(db(), input, { ...actor, requestId }, config().orders),
);
