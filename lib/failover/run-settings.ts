import { z } from "zod";

// How runs are executed in this portal process, from the environment (all optional).

const RunSettingsSchema = z.object({
  /** How long a replica's claim on a run holds without renewal; a dead replica's runs resume after it. */
  leaseMs: z.coerce.number().int().min(1000).default(20_000),
  /** Runs one replica executes at once; a region failover's runs queue behind this bound. */
  concurrency: z.coerce.number().int().min(1).max(200).default(8),
  /** How often a replica looks for runs to pick up. */
  pollMs: z.coerce.number().int().min(50).default(1000),
  /** How long a step waits for volumes to become available or pods ready before it gives up. */
  waitTimeoutMs: z.coerce.number().int().min(1000).default(300_000),
  /** Automatic attempts of a step whose failure may pass (timeouts, 5xx) before it stops for a person. */
  stepAttempts: z.coerce.number().int().min(1).max(10).default(3),
  /** Backoff before the second attempt; doubles after. */
  retryDelayMs: z.coerce.number().int().min(0).default(2000),
});

export type RunSettings = z.infer<typeof RunSettingsSchema>;

export function loadRunSettings(env: NodeJS.ProcessEnv = process.env): RunSettings {
  const seconds = (name: string) => (env[name] ? Number(env[name]) * 1000 : undefined);
  const parsed = RunSettingsSchema.safeParse({
    leaseMs: seconds("CONTINUUM_RUN_LEASE_SECONDS"),
    concurrency: env.CONTINUUM_RUN_CONCURRENCY || undefined,
    pollMs: env.CONTINUUM_RUN_POLL_MS || undefined,
    waitTimeoutMs: seconds("CONTINUUM_RUN_WAIT_SECONDS"),
    stepAttempts: env.CONTINUUM_RUN_STEP_ATTEMPTS || undefined,
    retryDelayMs: env.CONTINUUM_RUN_RETRY_DELAY_MS || undefined,
  });
  if (!parsed.success) throw new Error(`Run settings in the environment are invalid: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
