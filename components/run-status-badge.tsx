import type { RunStatus } from "@/lib/generated/prisma/enums";
import { StatusLabel, type Tone } from "./status-label";

// One wording and colour per run status, wherever a run is shown.
export const RUN_STATUS_INFO: Record<RunStatus, { label: string; tone: Tone }> = {
  PENDING: { label: "Waiting for a replica", tone: "warn" },
  RUNNING: { label: "Running", tone: "warn" },
  PAUSED: { label: "Paused", tone: "warn" },
  SUCCEEDED: { label: "Completed", tone: "ok" },
  WAITING: { label: "Stopped — needs you", tone: "bad" },
  ABORTED: { label: "Aborted", tone: "" },
};

export function RunStatusBadge({ status, testId }: { status: RunStatus; testId?: string }) {
  const info = RUN_STATUS_INFO[status];
  return (
    <StatusLabel tone={info.tone} testId={testId}>
      {info.label}
    </StatusLabel>
  );
}
