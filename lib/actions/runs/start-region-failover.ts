"use server";

import { db } from "@/lib/db/client";
import { startRegionFailover, StartRegionFailoverInput } from "@/lib/failover/start-region-failover";
import { defineAction } from "../define-action";

export const startRegionFailoverAction = defineAction(
  {
    name: "region.failover",
    permission: "run:start",
    forbiddenTo: "fail over a region",
    input: StartRegionFailoverInput,
    revalidate: ["/"],
  },
  (input, { actor, requestId }) => startRegionFailover(db(), input, { ...actor, requestId }),
);
