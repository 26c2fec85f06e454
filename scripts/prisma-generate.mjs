// Generates the Prisma client into lib/generated/prisma.
// The Prisma 7 CLI wants a schema-engine binary for every command and downloads it when absent;
// generate never runs it, so any existing file satisfies the check and nothing is downloaded.
import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";

const placeholder = path.resolve("node_modules/.cache/continuum/no-schema-engine");
if (!process.env.PRISMA_SCHEMA_ENGINE_BINARY && !existsSync(placeholder)) {
  mkdirSync(path.dirname(placeholder), { recursive: true });
  writeFileSync(placeholder, "");
}
const result = spawnSync(process.execPath, ["node_modules/prisma/build/index.js", "generate"], {
  stdio: "inherit",
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? placeholder,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
  },
});
process.exit(result.status ?? 1);
