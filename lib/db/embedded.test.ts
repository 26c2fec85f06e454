import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { queryDatabase } from "@/tests/test-database";
import { startEmbeddedDatabase } from "./embedded";

const home = await mkdtemp(path.join(os.tmpdir(), "continuum-embedded-"));
afterAll(() => rm(home, { recursive: true, force: true }));

describe("the embedded PostgreSQL", () => {
  it("keeps its data across a stop and a second start", async () => {
    const first = await startEmbeddedDatabase(home, { port: 0 });
    try {
      await queryDatabase(first.url, "CREATE TABLE kept (note text); INSERT INTO kept VALUES ('from the first start')");
    } finally {
      await first.stop();
    }
    const second = await startEmbeddedDatabase(home, { port: 0 });
    try {
      expect(await queryDatabase(second.url, "SELECT note FROM kept")).toEqual([{ note: "from the first start" }]);
      // The password was kept beside the data, so the same credentials still work.
      expect(new URL(second.url).password).toBe(new URL(first.url).password);
    } finally {
      await second.stop();
    }
  });
});
