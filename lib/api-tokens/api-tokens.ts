import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { recordAuditEvent, type AuditActor } from "@/lib/audit/record-audit-event";
import type { Db } from "@/lib/db/client";
import { NotFoundError } from "@/lib/errors";

// Personal API tokens: `ctm_` and 32 random bytes. The database keeps only the SHA-256, so a
// leaked backup holds no usable token; the person sees the token once, when it is created.

const TOKEN_PREFIX = "ctm_";
const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");

export const CreateApiTokenInput = z.object({
  name: z.string().trim().min(1, "Name the token after where it is used, e.g. “release pipeline”.").max(80, "At most 80 characters."),
});

export async function createApiToken(db: Db, user: AuditActor & { requestId?: string }, name: string) {
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const row = await db.$transaction(async (tx) => {
    const created = await tx.apiToken.create({ data: { name, tokenHash: hashOf(token), prefix: token.slice(0, 10), userId: user.id } });
    await recordAuditEvent(tx, { action: "api_token.created", actor: user, target: { type: "api-token", id: created.id }, after: { name, prefix: created.prefix }, requestId: user.requestId });
    return created;
  });
  return { id: row.id, name: row.name, prefix: row.prefix, token };
}

export async function revokeApiToken(db: Db, user: AuditActor & { requestId?: string }, tokenId: string) {
  return db.$transaction(async (tx) => {
    const revoked = await tx.apiToken.updateMany({ where: { id: tokenId, userId: user.id, revokedAt: null }, data: { revokedAt: new Date() } });
    if (revoked.count !== 1) throw new NotFoundError("That token does not exist, is not yours, or is already revoked.");
    await recordAuditEvent(tx, { action: "api_token.revoked", actor: user, target: { type: "api-token", id: tokenId }, requestId: user.requestId });
    return { revoked: true };
  });
}

export function listApiTokens(db: Db, userId: string) {
  return db.apiToken.findMany({ where: { userId }, orderBy: { createdAt: "desc" }, select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true } });
}

/** The user a bearer token stands for, as the database has them now; null for a missing, unknown or revoked token. */
export async function userOfToken(db: Db, authorization: string | null) {
  const token = authorization?.match(/^Bearer\s+(ctm_[A-Za-z0-9_-]{20,})$/)?.[1];
  if (!token) return null;
  const row = await db.apiToken.findUnique({ where: { tokenHash: hashOf(token) }, include: { user: { select: { id: true, email: true, name: true, role: true, groups: true } } } });
  if (!row || row.revokedAt) return null;
  // At most once a minute, so a polling pipeline does not write on every call.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  return row.user;
}
