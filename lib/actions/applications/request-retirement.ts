"use server";

import { db } from "@/lib/db/client";
import { regionClients } from "@/lib/regions/region-clients";
import { requestRetirement, RetirementRequestInput } from "@/lib/retirement/request-retirement";
import { defineAction } from "../define-action";
import { config } from "@/lib/config/config";

/** The owner asks for their application to be retired; an approver decides. */
export const requestRetirementAction = defineAction(
  { name: "application.request_retirement", permission: "order:create", forbiddenTo: "ask to retire applications", input: RetirementRequestInput, revalidate: ["/approvals", "/orders"] },
  async (input, { actor, requestId }) => {
    const order = await requestRetirement(db(), regionClients(), input, { ...actor, requestId }, config().orders);
    return { orderId: order.id };
  },
);
