import { db, type Db } from "@/lib/db/client";

// Failed sign-ins and bad API tokens from one address, counted in a sliding window in PostgreSQL,
// so every replica counts into the same window. Past the limit the address is refused (429) until
// its limit-th newest failure leaves the window, so guessing tokens or demo user ids costs time;
// a success does not reset the count. Each replica keeps the refusal in memory, so a refused
// address costs no query: behind N replicas an address gets at most limit + N - 1 failures a
// window (each replica learns of the limit at the first failure it sees past it).

export interface AttemptThrottle {
  /** Seconds until the address may try again on this replica, or 0 when it may try now. */
  retryAfterSeconds(address: string, now?: number): number;
  /** Counts a failure; true when it takes the address to the limit for the first time in a window (worth one audit event). */
  recordFailure(address: string, now?: number): Promise<boolean>;
}

export function createAttemptThrottle(database: () => Db, limit: number, windowMs: number, maxAddresses = 10_000): AttemptThrottle {
  const refusedUntil = new Map<string, number>();
  return {
    retryAfterSeconds(address, now = Date.now()) {
      const until = refusedUntil.get(address) ?? 0;
      if (until <= now) refusedUntil.delete(address);
      return until > now ? Math.max(1, Math.ceil((until - now) / 1000)) : 0;
    },
    async recordFailure(address, now = Date.now()) {
      const at = new Date(now);
      const since = new Date(now - windowMs);
      const { reached, report, until } = await database().$transaction(async (tx) => {
        // One address at a time, so two replicas counting the same burst agree on who reports it.
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`continuum:failed-attempts:${address}`}))`;
        await tx.failedAttempt.deleteMany({ where: { at: { lte: since } } });
        const earlier = await tx.failedAttempt.findMany({ where: { address, at: { gt: since } }, orderBy: { at: "desc" }, take: limit - 1, select: { at: true } });
        const reached = earlier.length + 1 >= limit;
        const report = reached && (await tx.failedAttempt.count({ where: { address, reported: true, at: { gt: since } } })) === 0;
        await tx.failedAttempt.create({ data: { address, at, reported: report } });
        // Refused until the oldest of the last `limit` failures leaves the window.
        const oldest = limit > 1 ? earlier[limit - 2]?.at.getTime() ?? now : now;
        return { reached, report, until: oldest + windowMs };
      });
      if (reached) {
        // Forget the address refused longest ago rather than grow without bound under a spray of addresses.
        if (!refusedUntil.has(address) && refusedUntil.size >= maxAddresses) refusedUntil.delete(refusedUntil.keys().next().value!);
        refusedUntil.set(address, until);
      }
      return report;
    },
  };
}

/** The client's address as the router in front of the portal reports it (the first X-Forwarded-For hop). */
export function clientAddressOf(headers: Headers | Record<string, string | string[] | undefined>): string {
  const get = (name: string) => {
    if (headers instanceof Headers) return headers.get(name);
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  return get("x-forwarded-for")?.split(",")[0]?.trim() || get("x-real-ip")?.trim() || "unknown";
}

/** 20 failures a minute from one address: far above a person's typos and a pipeline's misconfiguration. */
// On globalThis, so every route bundle of the Next server shares one memory of refused addresses.
const holder = globalThis as unknown as { continuumFailedAttempts?: AttemptThrottle };
export const failedAttempts = (holder.continuumFailedAttempts ??= createAttemptThrottle(db, 20, 60_000));
