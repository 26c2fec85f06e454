import type { Db } from "@/lib/db/client";

export async function listRegions(database: Db) {
  return database.region.findMany({ orderBy: { name: "asc" } });
}

/** The regions orders and changes may use now. */
export async function listEnabledRegions(database: Db) {
  return database.region.findMany({ where: { enabled: true }, orderBy: { name: "asc" } });
}
