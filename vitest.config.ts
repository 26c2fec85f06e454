import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["lib/**/*.test.ts", "simulator/**/*.test.ts", "scripts/**/*.test.ts", "tests/**/*.test.ts"],
    // The longest chaos cases run under `npm run test:chaos` (vitest.chaos.config.ts) only.
    exclude: ["**/node_modules/**", "**/*.chaos.test.ts"],
    environment: "node",
    // One real PostgreSQL for the run; every test file gets its own database cloned from a migrated template.
    globalSetup: ["tests/global-database.ts"],
    // The portal seals transfer keys and exported Secrets; tests use a throwaway key.
    env: { CONTINUUM_SECRET_KEY: "vitest-only-secret-key-not-for-use-anywhere-else" },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    reporters: process.env.CONTINUUM_TEST_REPORT ? ["default", ["json", { outputFile: process.env.CONTINUUM_TEST_REPORT }]] : ["default"],
  },
});
