import type { Db } from "@/lib/db/client";
import type { Role } from "@/lib/generated/prisma/enums";
import { recordAuditEvent, type AuditActor } from "@/lib/audit/record-audit-event";
import { NotFoundError, UserFacingError } from "@/lib/errors";

/** Changes a user's role. The last administrator cannot be demoted, so nobody is locked out. */
export async function setUserRole(
  database: Db,
  { userId, role }: { userId: string; role: Role },
  actor: AuditActor & { requestId?: string },
) {
  return database.$transaction(async (tx) => {
    // Lock the admins' rows so two demotions at once cannot both pass the last-admin check.
    await tx.$queryRaw`SELECT id FROM "User" WHERE role = 'ADMIN' FOR UPDATE`;
    const user = await tx.user.findUnique({ where: { id: userId } });
    if (!user) throw new NotFoundError("That user no longer exists. Reload the page.");
    if (user.role === role) return user;
    if (user.role === "ADMIN") {
      const admins = await tx.user.count({ where: { role: "ADMIN" } });
      if (admins <= 1) {
        throw new UserFacingError(`${user.email} is the last administrator. Make someone else an administrator first.`);
      }
    }
    const updated = await tx.user.update({ where: { id: userId }, data: { role } });
    await recordAuditEvent(tx, {
      action: "user.role_changed",
      actor,
      target: { type: "user", id: userId },
      before: { role: user.role },
      after: { role },
      requestId: actor.requestId,
    });
    return updated;
  });
}
