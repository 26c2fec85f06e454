"use server";

import { db } from "@/lib/db/client";
import { repairPairing } from "@/lib/provisioning/verify-pairing";
import { regionClients } from "@/lib/regions/region-clients";
import { defineAction } from "../define-action";
import { applicationNamed, ApplicationNameInput } from "./application-named";

export const repairPairingAction = defineAction(
  {
    name: "application.repair_pairing",
    permission: "region:manage",
    forbiddenTo: "repair an application's pairing",
    input: ApplicationNameInput,
  },
  async ({ applicationName }, { actor, requestId }) => {
    const application = await applicationNamed(applicationName, actor);
    return repairPairing(db(), regionClients(), application.id, { ...actor, requestId });
  },
);
