import { z } from "zod";
import { numberVariable } from "./variables";

// How runs are executed in this portal process. The variables are read and checked with the rest
// of the configuration (lib/config/config.ts); all are optional.

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

export const RunEnv = z.object({
  CONTINUUM_RUN_LEASE_SECONDS: numberVariable("CONTINUUM_RUN_LEASE_SECONDS", { min: 1, max: 3600, fallback: 20, unit: "s" }),
  CONTINUUM_RUN_CONCURRENCY: numberVariable("CONTINUUM_RUN_CONCURRENCY", { min: 1, max: 200, fallback: 32, whole: true }),
  CONTINUUM_RUN_POLL_MS: numberVariable("CONTINUUM_RUN_POLL_MS", { min: 50, max: 60_000, fallback: 1000, whole: true, unit: "ms" }),
  CONTINUUM_RUN_WAIT_SECONDS: numberVariable("CONTINUUM_RUN_WAIT_SECONDS", { min: 1, max: 86_400, fallback: 300, unit: "s" }),
  CONTINUUM_RUN_STEP_ATTEMPTS: numberVariable("CONTINUUM_RUN_STEP_ATTEMPTS", { min: 1, max: 10, fallback: 3, whole: true }),
  CONTINUUM_RUN_RETRY_DELAY_MS: numberVariable("CONTINUUM_RUN_RETRY_DELAY_MS", { min: 0, max: 600_000, fallback: 2000, whole: true, unit: "ms" }),
});

export const runSettingsOf = (env: z.output<typeof RunEnv>): RunSettings => ({
  leaseMs: env.CONTINUUM_RUN_LEASE_SECONDS * 1000,
  concurrency: env.CONTINUUM_RUN_CONCURRENCY,
  pollMs: env.CONTINUUM_RUN_POLL_MS,
  waitTimeoutMs: env.CONTINUUM_RUN_WAIT_SECONDS * 1000,
  stepAttempts: env.CONTINUUM_RUN_STEP_ATTEMPTS,
  retryDelayMs: env.CONTINUUM_RUN_RETRY_DELAY_MS,
});
