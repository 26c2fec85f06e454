"use server";

import { db } from "@/lib/db/client";
import { retryProvisioning } from "@/lib/provisioning/verify-pairing";
import { defineAction } from "../define-action";
import { applicationNamed, ApplicationNameInput } from "./application-named";

export const retryProvisioningAction = defineAction(
  {
    name: "application.retry_provisioning",
    permission: "region:manage",
    forbiddenTo: "retry provisioning",
    input: ApplicationNameInput,
    revalidate: ["/"],
  },
  async ({ applicationName }, { actor, requestId }) => {
    const application = await applicationNamed(applicationName, actor);
    return retryProvisioning(db(), application.id, { ...actor, requestId });
  },
);
