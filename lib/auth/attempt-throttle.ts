// Failed sign-ins and bad API tokens from one address, counted in a sliding window. Past the
// limit the address is refused (429) until its oldest failure leaves the window, so guessing
// tokens or demo user ids costs time; a success does not reset the count. Counted per replica:
// behind N replicas an address gets at most N times the limit.

export interface AttemptThrottle {
  /** Seconds until the address may try again, or 0 when it may try now. */
  retryAfterSeconds(address: string, now?: number): number;
  /** Counts a failure; true when it takes the address to the limit for the first time in a window (worth one audit event). */
  recordFailure(address: string, now?: number): boolean;
}

export function createAttemptThrottle(limit: number, windowMs: number, maxAddresses = 10_000): AttemptThrottle {
  const failures = new Map<string, number[]>();
  const reportedAt = new Map<string, number>();
  const recent = (address: string, now: number) => {
    const times = (failures.get(address) ?? []).filter((t) => now - t < windowMs);
    if (times.length) failures.set(address, times);
    else failures.delete(address);
    return times;
  };
  return {
    retryAfterSeconds(address, now = Date.now()) {
      const times = recent(address, now);
      return times.length < limit ? 0 : Math.max(1, Math.ceil((times[times.length - limit]! + windowMs - now) / 1000));
    },
    recordFailure(address, now = Date.now()) {
      const times = recent(address, now);
      times.push(now);
      // Forget the address seen longest ago rather than grow without bound under a spray of addresses.
      if (!failures.has(address) && failures.size >= maxAddresses) failures.delete(failures.keys().next().value!);
      failures.set(address, times);
      if (times.length < limit || now - (reportedAt.get(address) ?? -Infinity) < windowMs) return false;
      if (!reportedAt.has(address) && reportedAt.size >= maxAddresses) reportedAt.delete(reportedAt.keys().next().value!);
      reportedAt.set(address, now);
      return true;
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
// On globalThis, so every route bundle of the Next server counts into the same window.
const holder = globalThis as unknown as { continuumFailedAttempts?: AttemptThrottle };
export const failedAttempts = (holder.continuumFailedAttempts ??= createAttemptThrottle(20, 60_000));
