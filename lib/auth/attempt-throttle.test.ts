import { describe, expect, it } from "vitest";
import { clientAddressOf, createAttemptThrottle } from "./attempt-throttle";

describe("the failed-attempt throttle", () => {
  it("lets an address fail up to the limit, then refuses it until its oldest failure leaves the window", () => {
    const throttle = createAttemptThrottle(3, 60_000);
    expect([0, 1_000, 2_000].map((at) => throttle.recordFailure("203.0.113.7", at))).toEqual([false, false, true]);
    expect(throttle.retryAfterSeconds("203.0.113.7", 2_000)).toBe(58);
    expect(throttle.retryAfterSeconds("198.51.100.2", 2_000)).toBe(0);
    expect(throttle.retryAfterSeconds("203.0.113.7", 60_000)).toBe(0);
    // Back at the limit within a minute of the last report: refused again, but reported once a window.
    expect(throttle.recordFailure("203.0.113.7", 60_500)).toBe(false);
    expect(throttle.retryAfterSeconds("203.0.113.7", 60_500)).toBe(1);
    expect(throttle.recordFailure("203.0.113.7", 62_000)).toBe(false);
    expect(throttle.recordFailure("203.0.113.7", 62_500)).toBe(true);
  });

  it("forgets the address seen longest ago instead of growing without bound", () => {
    const throttle = createAttemptThrottle(1, 60_000, 2);
    ["a", "b", "c"].forEach((address) => throttle.recordFailure(address, 0));
    expect(["a", "b", "c"].map((address) => throttle.retryAfterSeconds(address, 1))).toEqual([0, 60, 60]);
  });

  it("takes the client's address from the router's first X-Forwarded-For hop", () => {
    expect(clientAddressOf(new Headers({ "x-forwarded-for": " 203.0.113.7 , 10.0.0.1" }))).toBe("203.0.113.7");
    expect(clientAddressOf({ "x-real-ip": "198.51.100.2" })).toBe("198.51.100.2");
    expect(clientAddressOf({})).toBe("unknown");
  });
});
