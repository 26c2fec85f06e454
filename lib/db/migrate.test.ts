import { cp, mkdtemp, mkdir, writeFile, appendFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createTestDatabase, queryDatabase } from "@/tests/test-database";
import { DEFAULT_MIGRATIONS_DIR, listMigrations, migrate, MigrationError } from "./migrate";

async function copyOfMigrations() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "continuum-migrations-"));
  await cp(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

async function tables(url: string) {
  const rows = await queryDatabase<{ table_name: string }>(url, `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`);
  return rows.map((r) => r.table_name);
}

describe("migrate", () => {
  it("applies every migration to an empty database and records it where prisma migrate deploy looks", async () => {
    const { url } = await createTestDatabase({ migrated: false });
    const result = await migrate(url);
    const all = (await listMigrations()).map((m) => m.name);
    expect(result.applied).toEqual(all);
    expect(await tables(url)).toEqual(expect.arrayContaining(["User", "Order", "FailoverRun", "RunStep", "AuditEvent", "_prisma_migrations"]));
  });

  it("is a no-op the second time", async () => {
    const { url } = await createTestDatabase({ migrated: false });
    await migrate(url);
    const second = await migrate(url);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied.length).toBeGreaterThan(0);
  });

  it("rolls a failing migration back whole and says which one failed", async () => {
    const { url } = await createTestDatabase({ migrated: false });
    const dir = await copyOfMigrations();
    await mkdir(path.join(dir, "29990101000000_broken"));
    await writeFile(
      path.join(dir, "29990101000000_broken", "migration.sql"),
      `CREATE TABLE "HalfDone" (id INT);\nALTER TABLE "NoSuchTable" ADD COLUMN x INT;`,
    );
    const failure = await migrate(url, dir).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(MigrationError);
    expect((failure as MigrationError).message).toMatch(/29990101000000_broken failed and was rolled back.*NoSuchTable/s);
    expect(await tables(url)).not.toContain("HalfDone");
    // The migrations before it stay applied, so fixing the file and starting again resumes.
    expect(await tables(url)).toContain("User");
  });

  it("refuses to start on a database whose applied migration was edited afterwards", async () => {
    const { url } = await createTestDatabase({ migrated: false });
    const dir = await copyOfMigrations();
    await migrate(url, dir);
    const [first] = await listMigrations(dir);
    await appendFile(path.join(dir, first!.name, "migration.sql"), "\n-- edited later\n");
    await expect(migrate(url, dir)).rejects.toThrow(/was changed after it was applied/);
  });

  it("refuses a database migrated by a newer version", async () => {
    const { url } = await createTestDatabase({ migrated: false });
    const dir = await copyOfMigrations();
    await mkdir(path.join(dir, "29990101000000_from_the_future"));
    await writeFile(path.join(dir, "29990101000000_from_the_future", "migration.sql"), "SELECT 1;");
    await migrate(url, dir);
    await expect(migrate(url)).rejects.toThrow(/does not know \(29990101000000_from_the_future\)/);
  });
});
