import { beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/tests/test-database";
import { clientAddressOf, createAttemptThrottle } from "./attempt-throttle";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});

describe("the failed-attempt throttle", () => {
  it("lets an address fail up to the limit, then refuses it until its oldest failure leaves the window", async () => {
    const throttle = createAttemptThrottle(() => t.db, 3, 60_000);
    const fail = (at: number) => throttle.recordFailure("203.0.113.7", at);
    expect([await fail(0), await fail(1_000), await fail(2_000)]).toEqual([false, false, true]);
    expect(throttle.retryAfterSeconds("203.0.113.7", 2_000)).toBe(58);
    expect(throttle.retryAfterSeconds("198.51.100.2", 2_000)).toBe(0);
    expect(throttle.retryAfterSeconds("203.0.113.7", 60_000)).toBe(0);
    // Back at the limit within a minute of the last report: refused again, but reported once a window.
    expect(await fail(60_500)).toBe(false);
    expect(throttle.retryAfterSeconds("203.0.113.7", 60_500)).toBe(1);
    expect(await fail(62_000)).toBe(false);
    expect(await fail(62_500)).toBe(true);
  });

  it("counts across replicas: failures spread over three replicas reach one shared limit, reported once", async () => {
    const replicas = [1, 2, 3].map(() => createAttemptThrottle(() => t.db, 20, 60_000));
    const reports: boolean[] = [];
    // 20 failures round-robin over the replicas, some at the same moment.
    await Promise.all(Array.from({ length: 20 }, (_, i) => replicas[i % 3]!.recordFailure("192.0.2.9", 100_000 + i * 10).then((r) => reports.push(r))));
    expect(reports.filter(Boolean)).toHaveLength(1);
    // Whichever replica saw the 20th failure refuses now; each other one from its next failure on.
    const refusing = replicas.filter((r) => r.retryAfterSeconds("192.0.2.9", 100_500) > 0);
    expect(refusing.length).toBeGreaterThanOrEqual(1);
    for (const replica of replicas) await replica.recordFailure("192.0.2.9", 100_600);
    expect(replicas.map((r) => r.retryAfterSeconds("192.0.2.9", 100_700) > 0)).toEqual([true, true, true]);
    expect(await t.db.failedAttempt.count({ where: { address: "192.0.2.9" } })).toBe(23);
  });

  it("forgets failures once they leave the window, and refused addresses beyond its memory", async () => {
    const throttle = createAttemptThrottle(() => t.db, 1, 60_000, 2);
    for (const address of ["a", "b", "c"]) await throttle.recordFailure(address, 1_000_000);
    expect(["a", "b", "c"].map((address) => throttle.retryAfterSeconds(address, 1_000_001))).toEqual([0, 60, 60]);
    await throttle.recordFailure("d", 2_000_000);
    expect(await t.db.failedAttempt.count({ where: { address: { in: ["a", "b", "c"] } } })).toBe(0);
  });

  it("takes the client's address from the router's first X-Forwarded-For hop", () => {
    expect(clientAddressOf(new Headers({ "x-forwarded-for": " 203.0.113.7 , 10.0.0.1" }))).toBe("203.0.113.7");
    expect(clientAddressOf({ "x-real-ip": "198.51.100.2" })).toBe("198.51.100.2");
    expect(clientAddressOf({})).toBe("unknown");
  });
});
