import type { DrConditionName, DrPhase, DrState } from "@/lib/failover/dr-state";
import { utcMinute } from "@/lib/format-time";

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
  if (!state) return <span className="badge" data-testid={testId}>not checked yet</span>;
  const info = PHASE[state.phase];
  return (
    <span className={`badge ${info.tone}`} data-testid={testId} title={state.detail}>
      {info.label}
    </span>
  );
}

/** The phase, why, and each condition with its reason and since when, as Ramen shows a DRPlacementControl. */
export function DrStateCard({ state }: { state: DrState | null }) {
  return (
    <section className="card" aria-label="DR state" data-testid="dr-state">
      <h2>
        DR state <DrPhaseBadge state={state} testId="dr-phase" />
      </h2>
      {state ? (
        <>
          <p>
            {state.detail[0]!.toUpperCase() + state.detail.slice(1)}, since {utcMinute(new Date(state.phaseSince))}.
          </p>
          <table>
            <thead>
              <tr>
                <th>Condition</th>
                <th>Status</th>
                <th>Why</th>
                <th>Since</th>
              </tr>
            </thead>
            <tbody>
              {(Object.keys(CONDITION) as DrConditionName[]).map((name) => (
                <tr key={name} data-testid={`dr-condition-${name}`}>
                  <td>{CONDITION[name]}</td>
                  <td>
                    <span className={`badge ${state.conditions[name].status ? "ok" : "bad"}`}>{state.conditions[name].status ? "yes" : "no"}</span>
                  </td>
                  <td>{state.conditions[name].reason}</td>
                  <td>{utcMinute(new Date(state.conditions[name].since))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : (
        <p>Not checked yet: the portal works it out at the next region health check.</p>
      )}
    </section>
  );
}
