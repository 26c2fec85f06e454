import { describe, expect, it } from "vitest";
import { deriveDrState, type DrFacts } from "./dr-state";

// The phase and conditions an application shows, from what the portal knows of it.

const facts = (overrides: Partial<DrFacts> = {}): DrFacts => ({
  name: "books",
  primary: "europe-west",
  dr: "europe-east",
  active: "europe-west",
  standby: "europe-east",
  standbyHealthy: true,
  pairingState: "paired",
  activeRun: null,
  openFence: null,
  lastExportAt: new Date("2026-12-01T10:00:00Z"),
  lastDrillAt: new Date("2026-12-01T10:00:00Z"),
  lastSyncAt: null,
  ...overrides,
});
const at = (iso: string) => new Date(iso);

describe("the DR state of an application", () => {
  it("is protected when it serves from its primary region and its peer is ready", () => {
    const state = deriveDrState(facts(), null, at("2026-12-02T08:00:00Z"));
    expect(state).toMatchObject({ phase: "PROTECTED", phaseSince: "2026-12-02T08:00:00.000Z", detail: "serving from europe-west, ready to fail over to europe-east" });
    expect(state.conditions).toEqual({
      peerReady: { status: true, reason: "europe-east answers and the namespaces are paired", since: "2026-12-02T08:00:00.000Z" },
      dataProtected: { status: true, reason: "last export 2026-12-01 10:00 UTC; last drill 2026-12-01 10:00 UTC; last DR sync never", since: "2026-12-02T08:00:00.000Z" },
      fenced: { status: true, reason: "no other region may serve it", since: "2026-12-02T08:00:00.000Z" },
    });
  });

  it("names each phase by what matters most: a fence, then a run, then a peer that is not ready", () => {
    const phase = (f: Partial<DrFacts>) => deriveDrState(facts(f), null, at("2026-12-02T08:00:00Z")).phase;
    expect(phase({ openFence: { region: "europe-west", namespace: "books-prod" }, activeRun: { kind: "FAILBACK", status: "RUNNING" } })).toBe("FENCE_REQUIRED");
    expect(phase({ activeRun: { kind: "FAILOVER", status: "RUNNING" }, standbyHealthy: false })).toBe("FAILING_OVER");
    expect(phase({ active: "europe-east", standby: "europe-west", activeRun: { kind: "FAILBACK", status: "WAITING" } })).toBe("FAILING_BACK");
    expect(phase({ standbyHealthy: false })).toBe("DEGRADED");
    expect(phase({ pairingState: "drift" })).toBe("DEGRADED");
    expect(phase({ active: "europe-east", standby: "europe-west" })).toBe("FAILED_OVER");
    // A drill copies; it does not change where the application stands.
    expect(phase({ activeRun: { kind: "DRILL", status: "RUNNING" } })).toBe("PROTECTED");
  });

  it("says a stopped run waits for a person, and that data is unprotected without an export", () => {
    const state = deriveDrState(facts({ activeRun: { kind: "FAILOVER", status: "WAITING" }, lastExportAt: null }), null, at("2026-12-02T08:00:00Z"));
    expect(state.detail).toBe("failing over from europe-west to europe-east, stopped at a step: waiting for a person");
    expect(state.conditions.dataProtected).toMatchObject({ status: false, reason: expect.stringMatching(/^no export yet/) });
  });

  it("keeps when each part last changed, and moves only what changed", () => {
    const first = deriveDrState(facts(), null, at("2026-12-02T08:00:00Z"));
    const peerDown = deriveDrState(facts({ standbyHealthy: false }), first, at("2026-12-02T09:00:00Z"));
    expect(peerDown).toMatchObject({ phase: "DEGRADED", phaseSince: "2026-12-02T09:00:00.000Z" });
    expect(peerDown.conditions.peerReady).toEqual({ status: false, reason: "europe-east does not answer its health check", since: "2026-12-02T09:00:00.000Z" });
    expect(peerDown.conditions.fenced.since).toBe("2026-12-02T08:00:00.000Z");
    // A newer drill changes the reason, not since when the data is protected.
    const drilled = deriveDrState(facts({ standbyHealthy: false, lastDrillAt: at("2026-12-02T09:30:00Z") }), peerDown, at("2026-12-02T10:00:00Z"));
    expect(drilled.phaseSince).toBe("2026-12-02T09:00:00.000Z");
    expect(drilled.conditions.dataProtected).toMatchObject({ since: "2026-12-02T08:00:00.000Z", reason: expect.stringContaining("last drill 2026-12-02 09:30 UTC") });
  });
});
