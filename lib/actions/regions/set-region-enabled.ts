"use server";

import { db } from "@/lib/db/client";
import { setRegionEnabled, SetRegionEnabledInput } from "@/lib/regions/set-region-enabled";
import { defineAction } from "../define-action";

export const setRegionEnabledAction = defineAction(
  {
    name: "region.set_enabled",
    permission: "region:manage",
    forbiddenTo: "take regions out of new orders or put them back",
    input: SetRegionEnabledInput,
    revalidate: ["/regions", "/orders/new", "/"],
  },
  (input, { actor, requestId }) => setRegionEnabled(db(), input, { ...actor, requestId }),
);
