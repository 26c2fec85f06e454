import { AsyncLocalStorage } from "node:async_hooks";
import { setTimeout as sleep } from "node:timers/promises";

// Errors from a region's cluster or block storage that say which region and which call failed,
// and whether trying again can help, so the portal can tell a tired person what to do.

export class PlatformError extends Error {
  constructor(
    readonly region: string,
    readonly system: "cluster" | "block storage",
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

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 200, timeoutMs: 10_000 };

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

/** Exponential backoff with full jitter, so the calls of many runs do not retry in step. */
export const backoffMs = (policy: RetryPolicy, attempt: number) => policy.baseDelayMs * 2 ** (attempt - 1) * (0.5 + Math.random() / 2);

/**
 * Runs a call; a safe (read-only or idempotent) call that fails in a way that may pass is tried
 * again with backoff. Unsafe calls run once. Inside a call scope, each attempt first passes the
 * scope's check, and the scope's signal abandons the call and its retries.
 */
export async function callWithRetry<T>(
  policy: RetryPolicy,
  safe: boolean,
  run: (signal: AbortSignal) => Promise<T>,
  toError: (error: unknown) => PlatformError,
): Promise<T> {
  const scope = scopes.getStore();
  const attempts = safe ? policy.attempts : 1;
  for (let attempt = 1; ; attempt++) {
    await scope?.beforeCall();
    try {
      return await withTimeout(run, policy.timeoutMs, scope?.signal);
    } catch (raw) {
      if (scope?.signal.aborted) throw scope.signal.reason;
      const error = raw instanceof PlatformError ? raw : toError(raw);
      if (attempt >= attempts || !error.retryable) throw error;
      await sleep(backoffMs(policy, attempt), undefined, scope ? { signal: scope.signal } : undefined).catch(() => {
        throw scope!.signal.reason;
      });
    }
  }
}
