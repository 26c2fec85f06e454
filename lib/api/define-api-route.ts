import { randomUUID } from "node:crypto";
import { z } from "zod";
import { userOfToken } from "@/lib/api-tokens/api-tokens";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { clientAddressOf, failedAttempts } from "@/lib/auth/attempt-throttle";
import { can, rolesThatCan, type Permission } from "@/lib/auth/roles";
import type { CurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { ERROR_STATUS, refusalOf, refuseUnreadableInput, type ErrorCode } from "@/lib/errors";
import { log } from "@/lib/log";

// Every /api/v1 route goes through here, as every server action goes through defineAction: a
// personal API token instead of the session, the same role check and refusal sentence, zod on
// the body, the same lib/ functions, and JSON errors a pipeline can print as they are: each with
// a code whose HTTP status comes from the one table in lib/errors.ts.

export interface ApiContext<Q = Record<string, unknown>> {
  actor: CurrentUser;
  requestId: string;
  params: Record<string, string>;
  /** The query string, parsed by the route's `query` schema ({} for a route without one). */
  query: Q;
}

export type ApiMethod = "GET" | "POST";

export interface ApiRouteDefinition<S extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType, Q extends z.ZodObject = z.ZodObject> {
  /** Dotted name for logs and the OpenAPI operationId, e.g. `run.start`. */
  name: string;
  method: ApiMethod;
  /** Under /api/v1, with OpenAPI's {parameters}: `/runs/{id}`. */
  path: string;
  summary: string;
  /** What the token's user must be allowed; none: any signed-in user (the work filters). */
  permission?: Permission;
  forbiddenTo?: string;
  /** The request body: its name in the OpenAPI document and its schema (or how to build it now, for rules that change). */
  body?: { name: string; schema: S | (() => Promise<S>) };
  /** The query parameters it reads, each optional (paging: limit and cursor). */
  query?: Q;
  /** The answer of a success: its name in the OpenAPI document, its schema, what it is. */
  response: { name: string; schema: R; description: string };
  /** Status of a success: 200, 201 for a POST that created something, 202 for work queued. */
  status?: 200 | 201 | 202;
  /** This route's own refusals and when it gives them, beyond those any route can give. */
  refusals?: Partial<Record<ErrorCode, string>>;
}

export type ApiRouteHandler = ((request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>) & { definition: ApiRouteDefinition };

/** No request body of this API comes near it; a larger one is refused before it is read. */
export const MAX_BODY_BYTES = 256 * 1024;

export const json = (status: number, body: unknown, requestId?: string, headers: Record<string, string> = {}) =>
  Response.json(body, { status, headers: { "cache-control": "no-store", ...(requestId ? { "x-request-id": requestId } : {}), ...headers } });

/** An error answer: `{ error, code, fieldErrors? }` with the code's status. */
export const refuse = (code: ErrorCode, error: string, requestId: string, extra: { fieldErrors?: Record<string, string[]>; headers?: Record<string, string> } = {}) =>
  json(ERROR_STATUS[code], { error, code, ...(extra.fieldErrors ? { fieldErrors: extra.fieldErrors } : {}) }, requestId, extra.headers);

class BodyTooLarge extends Error {}

/** The body as text, refused once it passes the limit, whatever Content-Length claimed. */
async function readBody(request: Request): Promise<string> {
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) throw new BodyTooLarge();
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw new BodyTooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** A path parameter no name or id can be: too long, or holding a control character (PostgreSQL refuses NUL). */
const impossibleParam = (value: string) => value.length === 0 || value.length > 253 || refuseUnreadableInput(value) !== null;

export function defineApiRoute<S extends z.ZodType, R extends z.ZodType, Q extends z.ZodObject = z.ZodObject<Record<string, never>>>(
  definition: ApiRouteDefinition<S, R, Q>,
  work: (body: z.output<S>, context: ApiContext<z.output<Q>>) => Promise<z.input<R> | null>,
): ApiRouteHandler {
  const handler = async (request: Request, { params }: { params: Promise<Record<string, string>> }) => {
    const requestId = request.headers.get("x-request-id") ?? randomUUID();
    const address = clientAddressOf(request.headers);
    const wait = failedAttempts.retryAfterSeconds(address);
    if (wait > 0) {
      return refuse("rate-limited", `Too many requests with a wrong or revoked token from ${address}. Wait ${wait} s, then try again with a valid token.`, requestId, { headers: { "retry-after": String(wait) } });
    }
    const actor = await userOfToken(db(), request.headers.get("authorization"));
    if (!actor) {
      if (await failedAttempts.recordFailure(address)) {
        log.warn({ route: definition.name, address, requestId }, "api tokens refused repeatedly from one address; throttling it");
        await recordAuditEvent(db(), { action: "api.token_throttled", actor: "system", target: { type: "address", id: address }, after: { route: definition.name }, requestId }).catch((error) =>
          log.error({ err: error, requestId }, "could not record the throttling in the audit log"),
        );
      }
      return refuse("unauthenticated", "Send a personal API token as `Authorization: Bearer ctm_…`. Create one in the portal under Your API tokens; a revoked token no longer works.", requestId);
    }
    if (definition.permission && !can(actor.role, definition.permission)) {
      log.warn({ route: definition.name, userId: actor.id, role: actor.role, requestId }, "api call refused: role");
      return refuse("forbidden", `Only ${rolesThatCan(definition.permission)} can ${definition.forbiddenTo}. This token belongs to ${actor.email}.`, requestId);
    }
    // A route without dynamic segments gets no params from Next.
    const pathParams: Record<string, string> = (await params) ?? {};
    if (Object.values(pathParams).some(impossibleParam)) return refuse("not-found", "Not found, or not yours to see.", requestId);

    let body: unknown = undefined;
    if (definition.body) {
      let raw: unknown;
      try {
        raw = JSON.parse(await readBody(request));
      } catch (error) {
        if (error instanceof BodyTooLarge) return refuse("too-large", `The body is larger than ${MAX_BODY_BYTES / 1024} KiB; no request of this API needs that much.`, requestId);
        return refuse("invalid", "The body is not JSON.", requestId);
      }
      const refused = refuseUnreadableInput(raw);
      if (refused) return refuse("invalid", refused.message, requestId, { fieldErrors: refused.fieldErrors });
      const schema = typeof definition.body.schema === "function" ? await definition.body.schema() : definition.body.schema;
      const parsed = schema.safeParse(raw);
      if (!parsed.success) {
        const flat = z.flattenError(parsed.error);
        return refuse("invalid", flat.formErrors[0] ?? "Some fields need attention.", requestId, { fieldErrors: flat.fieldErrors as Record<string, string[]> });
      }
      body = parsed.data;
    }
    let query: unknown = {};
    if (definition.query) {
      const parsed = definition.query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
      if (!parsed.success) {
        const flat = z.flattenError(parsed.error);
        return refuse("invalid", flat.formErrors[0] ?? "A query parameter is wrong: fieldErrors says which.", requestId, { fieldErrors: flat.fieldErrors as Record<string, string[]> });
      }
      query = parsed.data;
    }
    try {
      const result = await work(body as z.output<S>, { actor, requestId, params: pathParams, query: query as z.output<Q> });
      if (result === null) return refuse("not-found", "Not found, or not yours to see.", requestId);
      log.info({ route: definition.name, userId: actor.id, requestId }, "api call done");
      return json(definition.status ?? 200, result, requestId);
    } catch (error) {
      const refusal = refusalOf(error);
      if (refusal) return refuse(refusal.code, refusal.message, requestId, { fieldErrors: refusal.fieldErrors });
      log.error({ route: definition.name, userId: actor.id, requestId, err: error }, "api call failed");
      return refuse("internal", `Something went wrong on our side and nothing was changed. Give the platform team reference ${requestId}.`, requestId);
    }
  };
  return Object.assign(handler, { definition: definition as unknown as ApiRouteDefinition });
}
