import { defineConfig } from "vitest/config";
import base from "./vitest.config";

// `npm run test:chaos`: the reliability suite, harder and longer than in `npm test`. More runs,
// more failed calls, longer outages, and kills at random moments (the *.chaos.test.ts files).
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ["tests/reliability/**/*.test.ts"],
    exclude: ["**/node_modules/**"],
    env: {
      ...base.test?.env,
      CONTINUUM_CHAOS_FAILURE_RATE: "0.3",
      CONTINUUM_CHAOS_ROUND_TRIPS: "4",
      CONTINUUM_CHAOS_RANDOM_PROVISION_KILLS: "8",
      CONTINUUM_CHAOS_RANDOM_RUN_KILLS: "15",
      CONTINUUM_CHAOS_DB_OUTAGE_MS: "10000",
    },
    testTimeout: 1_800_000,
  },
});
