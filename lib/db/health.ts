import { existsSync } from "node:fs";
import type { Db } from "@/lib/db/client";
import { DEFAULT_MIGRATIONS_DIR, listMigrations } from "@/lib/db/migrate";

export interface DatabaseHealth {
  reachable: boolean;
  migrationsApplied: number;
  migrationsPending: string[];
  error?: string;
}

/** Readiness: the database answers and every migration this build knows is applied. */
export async function checkDatabase(database: Db): Promise<DatabaseHealth> {
  try {
    const rows = await database.$queryRaw<Array<{ migration_name: string }>>`
      SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
    const applied = new Set(rows.map((r) => r.migration_name));
    const known = existsSync(DEFAULT_MIGRATIONS_DIR) ? await listMigrations() : [];
    return {
      reachable: true,
      migrationsApplied: applied.size,
      migrationsPending: known.map((m) => m.name).filter((name) => !applied.has(name)),
    };
  } catch (error) {
    return { reachable: false, migrationsApplied: 0, migrationsPending: [], error: (error as Error).message };
  }
}
