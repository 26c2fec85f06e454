import { AsyncLocalStorage } from "node:async_hooks";
import { setTimeout as sleep } from "node:timers/promises";

// Errors from a region's cluster or block storage that say which region and which call failed,
// and whether trying again can help, so the portal can tell a tired person what to do.

export class PlatformError extends Error {
  constructor(
    readonly region: string,
    readonly system: "cluster" | "block storage" | "global traffic",
    readonly call: string,
    readonly detail: string,
    readonly status: number | null,
    readonly retryable: boolean,
  ) {
    super(`${region} ${system}: ${call} failed: ${detail}`);
    this.name = "PlatformError";
  }
}

/** For reads where "not there" is an answer, not a failure: 404 becomes null. */
export async function nullIfNotFound<T>(call: Promise<T>): Promise<T | null> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof PlatformError && error.status === 404) return null;
    throw error;
  }
}

export const isRetryableStatus = (status: number | null) => status === null || status === 429 || status >= 500;

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  timeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 200, timeoutMs: 10_000 };

export class CallTimeoutError extends Error {}

/**
 * What the work around a platform call says of it: a run step's lease. Held in async context so
 * it reaches every call the step makes, through the region clients, without each signature
 * carrying it.
 */
export interface CallScope {
  /** Fires when the work must stop (its replica lost the run): the call in flight is abandoned. */
  signal: AbortSignal;
  /** Runs before each attempt; throws to refuse the call. */
  beforeCall(): Promise<void>;
}

const scopes = new AsyncLocalStorage<CallScope>();
const callSignals = new AsyncLocalStorage<AbortSignal>();

export const withCallScope = <T>(scope: CallScope, work: () => Promise<T>): Promise<T> => scopes.run(scope, work);

/** The signal of the platform call running now, for clients whose requests take it from context (client-node's middleware). */
export const currentCallSignal = (): AbortSignal | undefined => callSignals.getStore();

export function withTimeout<T>(work: (signal: AbortSignal) => Promise<T>, timeoutMs: number, outer?: AbortSignal): Promise<T> {
  const controller = new AbortController();
  const signal = outer ? AbortSignal.any([controller.signal, outer]) : controller.signal;
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const stopped = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new CallTimeoutError(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    if (outer) outer.addEventListener("abort", (onAbort = () => reject(outer.reason)), { once: true });
  });
  return Promise.race([callSignals.run(signal, () => work(signal)), stopped]).finally(() => {
    clearTimeout(timer);
    if (onAbort) outer!.removeEventListener("abort", onAbort);
  });
}

/** Exponential backoff, each wait drawn between half and all of its step, so the calls of many runs do not retry in step. */
export const backoffMs = (policy: RetryPolicy, attempt: number) => policy.baseDelayMs * 2 ** (attempt - 1) * (0.5 + Math.random() / 2);

/**
 * Runs a call; a safe (read-only or idempotent) call that fails in a way that may pass is tried
 * again with backoff. An unsafe call is tried again only when the answer says it was not carried
 * out (503 Service Unavailable, 429 Too Many Requests); any other failure of it is the caller's to
 * judge, since it may have happened. Inside a call scope, each attempt first passes the
 * scope's check, and the scope's signal abandons the call and its retries.
 */
export async function callWithRetry<T>(
  policy: RetryPolicy,
  safe: boolean,
  run: (signal: AbortSignal) => Promise<T>,
  toError: (error: unknown) => PlatformError,
): Promise<T> {
  const scope = scopes.getStore();
  for (let attempt = 1; ; attempt++) {
    await scope?.beforeCall();
    try {
      return await withTimeout(run, policy.timeoutMs, scope?.signal);
    } catch (raw) {
      if (scope?.signal.aborted) throw scope.signal.reason;
      const error = raw instanceof PlatformError ? raw : toError(raw);
      const mayRetry = safe ? error.retryable : error.status === 503 || error.status === 429;
      if (attempt >= policy.attempts || !mayRetry) throw error;
      await sleep(backoffMs(policy, attempt), undefined, scope ? { signal: scope.signal } : undefined).catch(() => {
        throw scope!.signal.reason;
      });
    }
  }
}

export interface CircuitBreakerSettings {
  /** Failed calls in a row (each after its own retries) that open the circuit. */
  threshold: number;
  /** How long an open circuit refuses calls before it lets the next one try. */
  cooldownMs: number;
}

export const DEFAULT_BREAKER: CircuitBreakerSettings = { threshold: 10, cooldownMs: 2000 };

/**
 * One per region and system: when its calls keep failing the way an unreachable region fails
 * (timeouts, 5xx, refused connections), further calls fail at once for a short while instead of
 * each spending its retries on it, so a run, a page or a health check learns the region is down in
 * milliseconds. After the cooldown the next call goes through; its answer closes or reopens it.
 * An answer of any kind from the region (a 404, a 409) counts as the region being there.
 */
export function createCircuitBreaker(region: string, system: PlatformError["system"], settings: CircuitBreakerSettings = DEFAULT_BREAKER) {
  let failuresInARow = 0;
  let openUntil = 0;
  let lastDetail = "";
  return {
    async call<T>(name: string, work: () => Promise<T>): Promise<T> {
      const wait = openUntil - Date.now();
      if (wait > 0) {
        throw new PlatformError(region, system, name, `not tried: the last ${failuresInARow} calls failed in a row (latest: ${lastDetail}); calls resume in ${Math.ceil(wait / 1000)} s`, null, true);
      }
      try {
        const result = await work();
        failuresInARow = 0;
        return result;
      } catch (error) {
        if (error instanceof PlatformError && error.retryable) {
          lastDetail = error.detail;
          if (++failuresInARow >= settings.threshold) openUntil = Date.now() + settings.cooldownMs;
        } else if (error instanceof PlatformError) {
          failuresInARow = 0;
        }
        throw error;
      }
    },
  };
}
