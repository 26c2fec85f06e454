import type { Db } from "@/lib/db/client";

export async function listRegions(database: Db) {
  return database.region.findMany({ orderBy: { name: "asc" } });
}
