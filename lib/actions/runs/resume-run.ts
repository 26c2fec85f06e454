"use server";

import { db } from "@/lib/db/client";
import { resumeRun } from "@/lib/failover/resume-run";
import { defineAction } from "../define-action";
import { RunIdInput } from "./run-id";

export const resumeRunAction = defineAction(
  { name: "run.resume", permission: "run:start", forbiddenTo: "retry a failover step", input: RunIdInput },
  ({ runId }, { actor, requestId }) => resumeRun(db(), runId, { ...actor, requestId }),
);
