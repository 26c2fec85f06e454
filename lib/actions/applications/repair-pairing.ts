"use server";

import { z } from "zod";
import { db } from "@/lib/db/client";
import { UserFacingError } from "@/lib/errors";
import { repairPairing } from "@/lib/provisioning/verify-pairing";
import { regionClients } from "@/lib/regions/region-clients";
import { defineAction } from "../define-action";

export const repairPairingAction = defineAction(
  {
    name: "application.repair_pairing",
    permission: "region:manage",
    forbiddenTo: "repair an application's pairing",
    input: z.object({ applicationName: z.string().min(1, "Choose an application.").max(63) }),
  },
  async ({ applicationName }, { actor, requestId }) => {
    const application = await db().application.findUnique({ where: { name: applicationName } });
    if (!application) throw new UserFacingError("That application no longer exists.");
    return repairPairing(db(), regionClients(), application.id, { ...actor, requestId });
  },
);
