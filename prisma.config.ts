import { defineConfig } from "prisma/config";

// Used by the Prisma CLI (generate, and `migrate deploy` where its engine can be downloaded).
// The portal itself reads DATABASE_URL at run time, or starts its embedded PostgreSQL.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/continuum" },
});
