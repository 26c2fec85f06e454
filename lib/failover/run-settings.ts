import { z } from "zod";

// How runs are executed in this portal process. The variables are read and checked with the rest
// of the configuration (lib/config.ts); all are optional.

export interface RunSettings {
  /** How long a replica's claim on a run holds without renewal; a dead replica's runs resume after it. */
  leaseMs: number;
  /** Runs one replica executes at once; a region failover's runs queue behind this bound. */
  concurrency: number;
  /** How often a replica looks for runs to pick up. */
  pollMs: number;
  /** How long a step waits for volumes to become available or pods ready before it gives up. */
  waitTimeoutMs: number;
  /** Automatic attempts of a step whose failure may pass (timeouts, 5xx) before it waits for a person. */
  stepAttempts: number;
  /** Backoff before the second attempt; doubles after. */
  retryDelayMs: number;
}

const number = (name: string, min: number, max: number, fallback: number, unit = "") =>
  z.coerce
    .number({ error: `${name} must be a number${unit}` })
    .min(min, `${name} must be at least ${min}${unit}`)
    .max(max, `${name} must be at most ${max}${unit}`)
    .default(fallback);
const whole = (name: string, min: number, max: number, fallback: number, unit = "") => number(name, min, max, fallback, unit).pipe(z.number().int(`${name} must be a whole number${unit}`));

export const RunEnv = z.object({
  CONTINUUM_RUN_LEASE_SECONDS: number("CONTINUUM_RUN_LEASE_SECONDS", 1, 3600, 20, " of seconds"),
  CONTINUUM_RUN_CONCURRENCY: whole("CONTINUUM_RUN_CONCURRENCY", 1, 200, 8),
  CONTINUUM_RUN_POLL_MS: whole("CONTINUUM_RUN_POLL_MS", 50, 60_000, 1000, " of milliseconds"),
  CONTINUUM_RUN_WAIT_SECONDS: number("CONTINUUM_RUN_WAIT_SECONDS", 1, 86_400, 300, " of seconds"),
  CONTINUUM_RUN_STEP_ATTEMPTS: whole("CONTINUUM_RUN_STEP_ATTEMPTS", 1, 10, 3),
  CONTINUUM_RUN_RETRY_DELAY_MS: whole("CONTINUUM_RUN_RETRY_DELAY_MS", 0, 600_000, 2000, " of milliseconds"),
});

export const runSettingsOf = (env: z.output<typeof RunEnv>): RunSettings => ({
  leaseMs: env.CONTINUUM_RUN_LEASE_SECONDS * 1000,
  concurrency: env.CONTINUUM_RUN_CONCURRENCY,
  pollMs: env.CONTINUUM_RUN_POLL_MS,
  waitTimeoutMs: env.CONTINUUM_RUN_WAIT_SECONDS * 1000,
  stepAttempts: env.CONTINUUM_RUN_STEP_ATTEMPTS,
  retryDelayMs: env.CONTINUUM_RUN_RETRY_DELAY_MS,
});
