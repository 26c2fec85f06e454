import path from "node:path";
import { vi } from "vitest";
import { loadRegionConfig } from "@/lib/regions/region-config";
import { syncRegions } from "@/lib/regions/sync-regions";
import { createTestDatabase, type TestDatabase } from "./test-database";
import type { CurrentUser } from "@/lib/auth/session";
import type { Db } from "@/lib/db/client";
import type { Role } from "@/lib/generated/prisma/enums";
import { rereadConfig } from "@/lib/config/config";

// Server actions read the signed-in user from the next-auth session; tests stand in for the
// session only (vi.mock of "@/lib/auth/session" in the test file) and keep everything else real.

export const signedIn: { user: CurrentUser | null } = { user: null };

export async function actAs(database: Db, role: Role, email = `${role.toLowerCase()}@test.example`) {
  const user = await database.user.upsert({
    where: { email },
    create: { email, name: email.split("@")[0]!, role },
    update: { role },
  });
  signedIn.user = { id: user.id, email: user.email, name: user.name, role: user.role, groups: user.groups };
  return user;
}

export function pointActionsAtDatabase(url: string) {
  process.env.DATABASE_URL = url;
  (globalThis as unknown as { continuumDb?: Db }).continuumDb = undefined;
  rereadConfig();
}

/** For action tests against a simulator: its regions in the environment, a fresh database the actions use, the regions synced. */
export async function prepareActionsAgainstSimulator(simDir: string): Promise<TestDatabase> {
  process.env.CONTINUUM_KUBECONFIG = path.join(simDir, "kubeconfig");
  process.env.CONTINUUM_CLOUDS_YAML = path.join(simDir, "clouds.yaml");
  rereadConfig();
  const database = await createTestDatabase();
  pointActionsAtDatabase(database.url);
  await syncRegions(database.db, loadRegionConfig());
  return database;
}

export const sessionMock = () => ({
  getCurrentUser: vi.fn(async () => signedIn.user),
  requireUser: vi.fn(async () => {
    if (!signedIn.user) throw new Error("not signed in");
    return signedIn.user;
  }),
});
