import { vi } from "vitest";
import type { CurrentUser } from "@/lib/auth/session";
import type { Db } from "@/lib/db/client";
import type { Role } from "@/lib/generated/prisma/enums";

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

export function useTestDatabaseForActions(url: string) {
  process.env.DATABASE_URL = url;
  (globalThis as unknown as { continuumDb?: Db }).continuumDb = undefined;
}

export const sessionMock = () => ({
  getCurrentUser: vi.fn(async () => signedIn.user),
  requireUser: vi.fn(async () => {
    if (!signedIn.user) throw new Error("not signed in");
    return signedIn.user;
  }),
});
