import { describe, expect, it } from "vitest";
import { waitsOf } from "./get-run";

const at = (minute: number) => new Date(Date.UTC(2026, 11, 3, 2, minute));

describe("the time a run stood stopped for a person", () => {
  it("pairs each stop with the retry that followed it, and leaves a stop still waiting open", () => {
    const waits = waitsOf([
      { action: "run.step_succeeded", at: at(0), after: { step: "preflight" } },
      { action: "run.step_failed", at: at(1), after: { step: "move-volumes", error: "Cinder 500" } },
      { action: "run.resumed", at: at(9), after: { fromStep: "move-volumes" } },
      { action: "run.step_failed", at: at(10), after: { step: "start-target" } },
    ]);
    expect(waits).toEqual([
      { step: "move-volumes", stoppedAt: at(1).toISOString(), resumedAt: at(9).toISOString() },
      { step: "start-target", stoppedAt: at(10).toISOString(), resumedAt: null },
    ]);
  });

  it("ignores a retry with no stop before it", () => {
    expect(waitsOf([{ action: "run.resumed", at: at(3), after: null }])).toEqual([]);
  });
});
