// Prints the last line of `npm test` from the runners' JSON reports: tests passed and failed.
import { existsSync, readFileSync } from "node:fs";

const [vitestFile, playwrightFile, seconds, failedStages] = process.argv.slice(2);
const read = (file) => (file && existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : null);

const counts = { passed: 0, failed: 0, skipped: 0 };
const vitest = read(vitestFile);
if (vitest) {
  counts.passed += vitest.numPassedTests;
  counts.failed += vitest.numFailedTests;
  counts.skipped += vitest.numPendingTests + vitest.numTodoTests;
}
const playwright = read(playwrightFile);
if (playwright) {
  counts.passed += playwright.stats.expected;
  counts.failed += playwright.stats.unexpected + playwright.stats.flaky;
  counts.skipped += playwright.stats.skipped;
}
const parts = [`${counts.passed} passed`, `${counts.failed} failed`];
if (counts.skipped) parts.push(`${counts.skipped} skipped`);
if (!vitest) parts.push("unit tests did not report");
if (!playwright) parts.push("browser tests did not report");
if (failedStages) parts.push(`failed stages: ${failedStages}`);
console.log(`\nnpm test: ${parts.join(", ")} (${seconds} s)`);
