"use server";

import { db } from "@/lib/db/client";
import { applicationNameSchema } from "@/lib/orders/order-rules";
import { applicationNameTakenBecause } from "@/lib/orders/submit-order";
import { z } from "zod";
import { defineAction } from "../define-action";

/** For the order form, as the owner types: is this name valid and free? Changes nothing. */
export const checkApplicationNameAction = defineAction(
  {
    name: "order.check_name",
    permission: "order:create",
    forbiddenTo: "order environments",
    input: z.object({ name: applicationNameSchema }),
    quiet: true,
  },
  async ({ name }) => {
    const takenBecause = await applicationNameTakenBecause(db(), name);
    return { name, available: takenBecause === null, reason: takenBecause };
  },
);
