import type { Db } from "@/lib/db/client";
import type { Role } from "@/lib/generated/prisma/enums";
import { ROLES } from "./roles";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";

export interface OidcProfile {
  email: string;
  name: string;
  groups: string[];
}

/**
 * Creates or updates the portal user behind an identity-provider sign-in. With a group-to-role
 * map configured, the identity provider decides the role (the highest one granted); without
 * one, new users are owners and admins assign roles in the portal.
 */
export async function signInOidcUser(
  database: Db,
  profile: OidcProfile,
  roleGroups: Array<{ group: string; role: Role }>,
) {
  const mapped = roleGroups.filter((rg) => profile.groups.includes(rg.group)).map((rg) => rg.role);
  const highest = ROLES.filter((role) => mapped.includes(role)).at(-1) ?? "OWNER";
  return database.$transaction(async (tx) => {
    const existing = await tx.user.findUnique({ where: { email: profile.email } });
    const role: Role = roleGroups.length > 0 ? highest : (existing?.role ?? "OWNER");
    const user = await tx.user.upsert({
      where: { email: profile.email },
      create: { email: profile.email, name: profile.name, groups: profile.groups, role },
      update: { name: profile.name, groups: profile.groups, role },
    });
    if (!existing || existing.role !== role) {
      await recordAuditEvent(tx, {
        action: existing ? "user.role_changed" : "user.created",
        actor: "system",
        target: { type: "user", id: user.id },
        before: existing ? { role: existing.role } : undefined,
        after: { role, source: "identity provider" },
      });
    }
    return user;
  });
}
