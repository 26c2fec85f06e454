import { SimpleTable } from "./simple-table";
import { StatusLabel } from "./status-label";
import type { DrConditionName, DrPhase, DrState } from "@/lib/failover/dr-state";
import { utcMinute } from "@/lib/format-time";
import { Panel } from "@/components/panel";

// One wording and colour per DR phase and condition, wherever an application's DR state is shown.
const PHASE: Record<DrPhase, { label: string; tone: "" | "ok" | "warn" | "bad" }> = {
  PROTECTED: { label: "Protected", tone: "ok" },
  FAILING_OVER: { label: "Failing over", tone: "warn" },
  FAILED_OVER: { label: "Failed over", tone: "warn" },
  FAILING_BACK: { label: "Failing back", tone: "warn" },
  FENCE_REQUIRED: { label: "Fence required", tone: "bad" },
  DEGRADED: { label: "Degraded", tone: "bad" },
};

const CONDITION: Record<DrConditionName, string> = { peerReady: "Peer ready", dataProtected: "Data protected", fenced: "Fenced" };

export function DrPhaseBadge({ state, testId }: { state: DrState | null; testId?: string }) {
  if (!state) return <StatusLabel tone="" testId={testId}>not checked yet</StatusLabel>;
  const info = PHASE[state.phase];
  return (
    <StatusLabel tone={info.tone} testId={testId} title={state.detail}>
      {info.label}
    </StatusLabel>
  );
}

/** The phase, why, and each condition with its reason and since when, as Ramen shows a DRPlacementControl. */
export function DrStateCard({ state }: { state: DrState | null }) {
  return (
    <Panel as="section" aria-label="DR state" data-testid="dr-state">
      <h2>
        DR state <DrPhaseBadge state={state} testId="dr-phase" />
      </h2>
      {state ? (
        <>
          <p>
            {state.detail[0]!.toUpperCase() + state.detail.slice(1)}, since {utcMinute(new Date(state.phaseSince))}.
          </p>
          <SimpleTable
            label="DR conditions"
            columns={[
              { key: "condition", title: "Condition" },
              { key: "status", title: "Status" },
              { key: "why", title: "Why" },
              { key: "since", title: "Since" },
            ]}
            rows={(Object.keys(CONDITION) as DrConditionName[]).map((name) => ({
              id: name,
              testId: `dr-condition-${name}`,
              cells: {
                condition: CONDITION[name],
                status: <StatusLabel tone={state.conditions[name].status ? "ok" : "bad"}>{state.conditions[name].status ? "yes" : "no"}</StatusLabel>,
                why: state.conditions[name].reason,
                since: utcMinute(new Date(state.conditions[name].since)),
              },
            }))}
          />
        </>
      ) : (
        <p>Not checked yet: the portal works it out at the next region health check.</p>
      )}
    </Panel>
  );
}
