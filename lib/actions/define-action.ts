import { randomUUID } from "node:crypto";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { can, rolesThatCan, type Permission } from "@/lib/auth/roles";
import { getCurrentUser, type CurrentUser } from "@/lib/auth/session";
import { refusalOf, refuseUnreadableInput, type ErrorCode, type UserFacingError } from "@/lib/errors";
import { log } from "@/lib/log";

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: string; code: ErrorCode; fieldErrors?: Record<string, string[]> };

export interface ActionContext {
  actor: CurrentUser;
  requestId: string;
}

interface ActionDefinition<S extends z.ZodType> {
  /** Dotted name for logs, e.g. `user.set_role`. */
  name: string;
  permission: Permission;
  /** What the refused user is told they cannot do: "change roles". */
  forbiddenTo: string;
  /** The input's schema, or a function building it from current data (the enabled regions, say). */
  input: S | (() => Promise<S>);
  /** A read asked for often (as the user types): log its success at debug, not info. */
  quiet?: boolean;
  /** Pages whose data the action changes. */
  revalidate?: string[];
}

const refusedWith = (refusal: UserFacingError): ActionResult<never> => ({ ok: false, code: refusal.code, error: refusal.message, ...(refusal.fieldErrors ? { fieldErrors: refusal.fieldErrors } : {}) });

/**
 * Every server action goes through here: parse the input with zod, check the session's role,
 * do the work, revalidate, and answer with a typed result. The work itself writes its audit
 * event in the same transaction as its change.
 */
export function defineAction<S extends z.ZodType, T>(
  definition: ActionDefinition<S>,
  work: (input: z.output<S>, context: ActionContext) => Promise<T>,
): (input: z.input<S> | FormData) => Promise<ActionResult<T>> {
  return async (raw) => {
    const requestId = randomUUID();
    const actor = await getCurrentUser();
    if (!actor) {
      return { ok: false, code: "unauthenticated", error: "You are signed out. Sign in again, then retry." };
    }
    if (!can(actor.role, definition.permission)) {
      log.warn({ action: definition.name, userId: actor.id, role: actor.role, requestId }, "action refused: role");
      return {
        ok: false,
        code: "forbidden",
        error: `Only ${rolesThatCan(definition.permission)} can ${definition.forbiddenTo}. You are signed in as ${actor.email}.`,
      };
    }
    const schema = typeof definition.input === "function" ? await definition.input() : definition.input;
    const input = raw instanceof FormData ? Object.fromEntries(raw) : raw;
    const refused = refuseUnreadableInput(input);
    if (refused) return refusedWith(refused);
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      const flat = z.flattenError(parsed.error);
      return {
        ok: false,
        code: "invalid",
        error: flat.formErrors[0] ?? "Some fields need attention.",
        fieldErrors: flat.fieldErrors as Record<string, string[]>,
      };
    }
    try {
      const data = await work(parsed.data, { actor, requestId });
      for (const path of definition.revalidate ?? []) revalidatePath(path);
      log[definition.quiet ? "debug" : "info"]({ action: definition.name, userId: actor.id, requestId }, "action done");
      return { ok: true, data };
    } catch (error) {
      const refusal = refusalOf(error);
      if (refusal) return refusedWith(refusal);
      log.error({ action: definition.name, userId: actor.id, requestId, err: error }, "action failed");
      return {
        ok: false,
        code: "internal",
        error: `Something went wrong on our side and the change was not made. Try again; if it keeps failing, give the platform team reference ${requestId}.`,
      };
    }
  };
}
