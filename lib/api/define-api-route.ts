import { randomUUID } from "node:crypto";
import { z } from "zod";
import { userOfToken } from "@/lib/api-tokens/api-tokens";
import { can, rolesThatCan, type Permission } from "@/lib/auth/roles";
import type { CurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { UserFacingError } from "@/lib/errors";
import { log } from "@/lib/log";

// Every /api/v1 route goes through here, as every server action goes through defineAction: a
// personal API token instead of the session, the same role check and refusal sentence, zod on
// the body, the same lib/ functions, and JSON errors a pipeline can print as they are.

export interface ApiContext {
  actor: CurrentUser;
  requestId: string;
  params: Record<string, string>;
}

interface ApiRouteDefinition<S extends z.ZodType> {
  /** Dotted name for logs, e.g. `run.start`. */
  name: string;
  /** What the token's user must be allowed; none: any signed-in user (the work filters). */
  permission?: Permission;
  forbiddenTo?: string;
  body?: S | (() => Promise<S>);
  /** Status of a success: 200, or 201 for a POST that created something. */
  status?: number;
}

export const json = (status: number, body: unknown, requestId?: string) =>
  Response.json(body, { status, headers: { "cache-control": "no-store", ...(requestId ? { "x-request-id": requestId } : {}) } });

export function defineApiRoute<S extends z.ZodType, T>(
  definition: ApiRouteDefinition<S>,
  work: (body: z.output<S>, context: ApiContext) => Promise<T | null>,
) {
  return async (request: Request, { params }: { params: Promise<Record<string, string>> }) => {
    const requestId = request.headers.get("x-request-id") ?? randomUUID();
    const actor = await userOfToken(db(), request.headers.get("authorization"));
    if (!actor) {
      return json(401, { error: "Send a personal API token as `Authorization: Bearer ctm_…`. Create one in the portal under Your API tokens; a revoked token no longer works." }, requestId);
    }
    if (definition.permission && !can(actor.role, definition.permission)) {
      log.warn({ route: definition.name, userId: actor.id, role: actor.role, requestId }, "api call refused: role");
      return json(403, { error: `Only ${rolesThatCan(definition.permission)} can ${definition.forbiddenTo}. This token belongs to ${actor.email}.` }, requestId);
    }
    let body: unknown = undefined;
    if (definition.body) {
      const schema = typeof definition.body === "function" ? await definition.body() : definition.body;
      const raw = await request.json().catch(() => Symbol.for("invalid"));
      if (raw === Symbol.for("invalid")) return json(400, { error: "The body is not JSON." }, requestId);
      const parsed = schema.safeParse(raw);
      if (!parsed.success) {
        const flat = z.flattenError(parsed.error);
        return json(400, { error: flat.formErrors[0] ?? "Some fields need attention.", fieldErrors: flat.fieldErrors }, requestId);
      }
      body = parsed.data;
    }
    try {
      const result = await work(body as z.output<S>, { actor, requestId, params: await params });
      if (result === null) return json(404, { error: "Not found, or not yours to see." }, requestId);
      log.info({ route: definition.name, userId: actor.id, requestId }, "api call done");
      return json(definition.status ?? 200, result, requestId);
    } catch (error) {
      if (error instanceof UserFacingError) return json(error.fieldErrors ? 400 : 409, { error: error.message, fieldErrors: error.fieldErrors }, requestId);
      log.error({ route: definition.name, userId: actor.id, requestId, err: error }, "api call failed");
      return json(500, { error: `Something went wrong on our side and nothing was changed. Give the platform team reference ${requestId}.` }, requestId);
    }
  };
}
