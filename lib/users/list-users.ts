import type { Db } from "@/lib/db/client";

export async function listUsers(database: Db) {
  return database.user.findMany({ orderBy: [{ role: "asc" }, { email: "asc" }] });
}

export async function listDemoUsers(database: Db) {
  return database.user.findMany({ where: { demo: true }, orderBy: { role: "asc" }, select: { id: true, name: true, email: true, role: true } });
}
