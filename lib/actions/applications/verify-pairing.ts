"use server";

import { z } from "zod";
import { getApplicationFor } from "@/lib/applications/get-application";
import { db } from "@/lib/db/client";
import { UserFacingError } from "@/lib/errors";
import { verifyPairing } from "@/lib/provisioning/verify-pairing";
import { regionClients } from "@/lib/regions/region-clients";
import { defineAction } from "../define-action";

/** Reads the live annotations from every region; changes nothing. */
export const verifyPairingAction = defineAction(
  {
    name: "application.verify_pairing",
    permission: "application:verify",
    forbiddenTo: "check an application's pairing",
    input: z.object({ applicationName: z.string().min(1, "Choose an application.").max(63) }),
  },
  async ({ applicationName }, { actor }) => {
    const application = await getApplicationFor(db(), applicationName, actor);
    if (!application) throw new UserFacingError("That application does not exist or is not yours.");
    return verifyPairing(db(), regionClients(), application.id);
  },
);
