"use server";

import { z } from "zod";
import { db } from "@/lib/db/client";
import { decideOrder } from "@/lib/orders/decide-order";
import { loadOrderSettings } from "@/lib/orders/order-settings";
import { defineAction } from "../define-action";

const DecideOrderInput = z
  .object({
    orderId: z.string().min(1, "Choose an order."),
    decision: z.enum(["approve", "reject"], { error: "Choose approve or reject." }),
    note: z.string().trim().max(1000, "At most 1,000 characters.").regex(/^[^<>]*$/, "The note cannot contain < or >.").default(""),
  })
  .refine((d) => d.decision === "approve" || d.note.length > 0, { path: ["note"], message: "Say why you reject it: the owner reads this note." });

export const decideOrderAction = defineAction(
  {
    name: "order.decide",
    permission: "order:decide",
    forbiddenTo: "approve or reject orders",
    input: DecideOrderInput,
    revalidate: ["/approvals", "/orders", "/"],
  },
  async (input, { actor, requestId }) => decideOrder(db(), input, { ...actor, requestId }, loadOrderSettings()),
);
