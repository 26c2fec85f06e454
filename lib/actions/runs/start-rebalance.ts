"use server";

import { db } from "@/lib/db/client";
import { startRebalance, StartRebalanceInput } from "@/lib/failover/start-rebalance";
import { regionProbeClients } from "@/lib/regions/region-clients";
import { defineAction } from "../define-action";

export const startRebalanceAction = defineAction(
  {
    name: "region.rebalance",
    permission: "run:start",
    forbiddenTo: "rebalance a region",
    input: StartRebalanceInput,
    revalidate: ["/"],
  },
  (input, { actor, requestId }) => startRebalance(db(), regionProbeClients(), input, { ...actor, requestId }),
);
