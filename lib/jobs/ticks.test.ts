import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { createTestDatabase } from "@/tests/test-database";
import { QUEUES, startTicks } from "./job-queue";

// Periodic work (health checks, DR sync schedules) as pg-boss jobs: each replica offers a tick
// every interval, and pg-boss keeps one per time slot, so three replicas do the work once.

describe("ticks", () => {
  it("offered by three replicas every second, make one job a second, not three", async () => {
    const { db, url } = await createTestDatabase();
    const replicas = await Promise.all([1, 2, 3].map(() => startTicks(url, [{ queue: QUEUES.regionHealthTick, everySeconds: 1 }])));
    await sleep(3_500);
    await Promise.all(replicas.map((stop) => stop()));
    const [counts] = await db.$queryRaw<Array<{ jobs: number; slots: number }>>`
      SELECT count(*)::int AS jobs, count(DISTINCT singleton_on)::int AS slots FROM pgboss.job WHERE name = ${QUEUES.regionHealthTick}`;
    const { jobs, slots } = counts!;
    expect(jobs).toBe(slots);
    // 3.5 s of offers from 0 s on: the slots of seconds 0 to 3 (or 4, when the first offer falls just before a second turns).
    expect(jobs).toBeGreaterThanOrEqual(3);
    expect(jobs).toBeLessThanOrEqual(5);
  });
});
