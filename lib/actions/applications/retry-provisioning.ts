"use server";

import { z } from "zod";
import { db } from "@/lib/db/client";
import { UserFacingError } from "@/lib/errors";
import { retryProvisioning } from "@/lib/provisioning/verify-pairing";
import { defineAction } from "../define-action";

export const retryProvisioningAction = defineAction(
  {
    name: "application.retry_provisioning",
    permission: "region:manage",
    forbiddenTo: "retry provisioning",
    input: z.object({ applicationName: z.string().min(1, "Choose an application.").max(63) }),
    revalidate: ["/"],
  },
  async ({ applicationName }, { actor, requestId }) => {
    const application = await db().application.findUnique({ where: { name: applicationName } });
    if (!application) throw new UserFacingError("That application no longer exists.");
    return retryProvisioning(db(), application.id, { ...actor, requestId });
  },
);
