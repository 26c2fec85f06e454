"use server";

import { currentChangeSchema } from "@/lib/changes/current-change-schema";
import { requestChange } from "@/lib/changes/request-change";
import { db } from "@/lib/db/client";
import { regionClients } from "@/lib/regions/region-clients";
import { defineAction } from "../define-action";
import { config } from "@/lib/config/config";

/** The owner asks to change their application (quota size, more regions); an approver decides. */
export const requestChangeAction = defineAction(
  { name: "application.request_change", permission: "order:create", forbiddenTo: "ask to change applications", input: () => currentChangeSchema(db()), revalidate: ["/approvals", "/orders"] },
  async (input, { actor, requestId }) => {
    const order = await requestChange(db(), regionClients(), input, { ...actor, requestId }, config().orders);
    return { orderId: order.id, estimatedMonthlyCost: order.estimatedMonthlyCost };
  },
);
