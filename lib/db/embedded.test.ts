import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedDatabase } from "./embedded";

const home = await mkdtemp(path.join(os.tmpdir(), "continuum-embedded-"));
afterAll(() => rm(home, { recursive: true, force: true }));

async function run<T extends pg.QueryResultRow>(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("the embedded PostgreSQL", () => {
  it("keeps its data across a stop and a second start", async () => {
    const first = await startEmbeddedDatabase(home, { port: 0 });
    try {
      await run(first.url, "CREATE TABLE kept (note text); INSERT INTO kept VALUES ('from the first start')");
    } finally {
      await first.stop();
    }
    const second = await startEmbeddedDatabase(home, { port: 0 });
    try {
      expect(await run(second.url, "SELECT note FROM kept")).toEqual([{ note: "from the first start" }]);
      // The password was kept beside the data, so the same credentials still work.
      expect(new URL(second.url).password).toBe(new URL(first.url).password);
    } finally {
      await second.stop();
    }
  });
});
