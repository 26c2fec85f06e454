"use server";

import { db } from "@/lib/db/client";
import { startRun, StartRunInput } from "@/lib/failover/start-run";
import { defineAction } from "../define-action";

export const startRunAction = defineAction(
  {
    name: "run.start",
    permission: "run:start",
    forbiddenTo: "fail applications over, fail them back or start DR drills",
    input: StartRunInput,
    revalidate: ["/"],
  },
  (input, { actor, requestId }) => startRun(db(), input, { ...actor, requestId }),
);
