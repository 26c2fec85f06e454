"use server";

import { db } from "@/lib/db/client";
import { verifyPairing } from "@/lib/provisioning/verify-pairing";
import { regionClients } from "@/lib/regions/region-clients";
import { defineAction } from "../define-action";
import { applicationNamed, ApplicationNameInput } from "./application-named";

/** Reads the live annotations from every region; changes nothing. */
export const verifyPairingAction = defineAction(
  {
    name: "application.verify_pairing",
    permission: "application:verify",
    forbiddenTo: "check an application's pairing",
    input: ApplicationNameInput,
  },
  async ({ applicationName }, { actor }) => {
    const application = await applicationNamed(applicationName, actor);
    return verifyPairing(db(), regionClients(), application.id);
  },
);
