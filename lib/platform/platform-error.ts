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

export function withTimeout<T>(work: (signal: AbortSignal) => Promise<T>, timeoutMs: number): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new CallTimeoutError(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  return Promise.race([work(controller.signal), timeout]).finally(() => clearTimeout(timer));
}

/**
 * Runs a call; a safe (read-only or idempotent) call that fails in a way that may pass is tried
 * again with exponential backoff. Unsafe calls run once.
 */
export async function callWithRetry<T>(
  policy: RetryPolicy,
  safe: boolean,
  run: (signal: AbortSignal) => Promise<T>,
  toError: (error: unknown) => PlatformError,
): Promise<T> {
  const attempts = safe ? policy.attempts : 1;
  for (let attempt = 1; ; attempt++) {
    try {
      return await withTimeout(run, policy.timeoutMs);
    } catch (raw) {
      const error = raw instanceof PlatformError ? raw : toError(raw);
      if (attempt >= attempts || !error.retryable) throw error;
      await sleep(policy.baseDelayMs * 2 ** (attempt - 1));
    }
  }
}
