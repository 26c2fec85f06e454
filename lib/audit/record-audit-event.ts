import type { Prisma } from "@/lib/generated/prisma/client";
import type { Db } from "@/lib/db/client";

export interface AuditActor {
  id: string;
  email: string;
}

export interface AuditEventInput {
  /** Dotted, past tense: `user.role_changed`, `order.approved`. */
  action: string;
  /** A user, or "system" for jobs. */
  actor: AuditActor | "system";
  target: { type: string; id: string };
  applicationId?: string;
  before?: Prisma.InputJsonValue;
  after?: Prisma.InputJsonValue;
  requestId?: string;
}

type Tx = Pick<Db, "auditEvent">;

/** Writes one audit event; pass the transaction of the change so both land or neither does. */
export async function recordAuditEvent(tx: Tx, event: AuditEventInput) {
  return tx.auditEvent.create({
    data: {
      action: event.action,
      actorId: event.actor === "system" ? null : event.actor.id,
      actorLabel: event.actor === "system" ? "system" : event.actor.email,
      targetType: event.target.type,
      targetId: event.target.id,
      applicationId: event.applicationId,
      before: event.before,
      after: event.after,
      requestId: event.requestId,
    },
  });
}
