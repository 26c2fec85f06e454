import { describe, expect, it } from "vitest";
import { orderNext } from "./order-status";

// The order page's "what happens next" line is written for whoever reads it.

describe("what happens next to an order", () => {
  it("tells the requester what they wait for", () => {
    expect(orderNext("NEW", "SUBMITTED", "requester")).toMatch(/^The platform team reviews it/);
  });

  it("tells an approver what to check and do", () => {
    expect(orderNext("NEW", "SUBMITTED", "decider")).toMatch(/^Waiting for your decision: check the cost center/);
    expect(orderNext("RETIRE", "SUBMITTED", "decider")).toContain("Choose below what happens to its volumes");
    expect(orderNext("CHANGE", "FAILED", "decider")).toContain("retry it here");
  });

  it("falls back on the common sentence where both read the same", () => {
    expect(orderNext("CHANGE", "READY", "decider")).toBe(orderNext("CHANGE", "READY", "requester"));
  });

  it("does not tell a bystander to decide or to cancel", () => {
    expect(orderNext("NEW", "SUBMITTED", "reader")).toBe("Waiting for a decision by the platform team.");
  });
});
