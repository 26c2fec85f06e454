"use server";

import { db } from "@/lib/db/client";
import { abortRun } from "@/lib/failover/abort-run";
import { defineAction } from "../define-action";
import { RunIdInput } from "./run-id";

export const abortRunAction = defineAction(
  { name: "run.abort", permission: "run:start", forbiddenTo: "abort a failover run", input: RunIdInput },
  ({ runId }, { actor, requestId }) => abortRun(db(), runId, { ...actor, requestId }),
);
