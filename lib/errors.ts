import { PlatformError } from "@/lib/platform/platform-error";

/**
 * What kind of refusal an error is. One table maps each to its HTTP status, for the API's
 * answers and for the server actions' results alike.
 */
export const ERROR_STATUS = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  "not-found": 404,
  conflict: 409,
  "too-large": 413,
  "rate-limited": 429,
  /** A fault of ours: logged, answered with a reference to quote. */
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/**
 * An error whose message is written for the person in front of the portal: it says what is wrong
 * and what to do. Anything else that escapes a server action is logged and replaced by a
 * generic message with a reference, so raw errors never reach the browser.
 */
export class UserFacingError extends Error {
  readonly code: ErrorCode;

  constructor(
    message: string,
    readonly fieldErrors?: Record<string, string[]>,
    code?: ErrorCode,
  ) {
    super(message);
    this.name = "UserFacingError";
    // Field errors are bad input; a refusal without them is the state of things (already running, not ready…).
    this.code = code ?? (fieldErrors ? "invalid" : "conflict");
  }
}

/** The thing asked for does not exist, or is not the caller's to see (the two read alike, on purpose). */
export class NotFoundError extends UserFacingError {
  constructor(message: string) {
    super(message, undefined, "not-found");
  }
}

/**
 * The refusal an error stands for, or null for a fault of ours (logged, answered with a
 * reference). A region that does not answer is no fault of the portal's: it is "unavailable",
 * with the sentence the platform error already carries.
 */
export function refusalOf(error: unknown): UserFacingError | null {
  if (error instanceof UserFacingError) return error;
  if (error instanceof PlatformError && error.retryable) {
    return new UserFacingError(`${error.message}. Nothing was changed here; try again in a moment, or check the region's health page.`, undefined, "unavailable");
  }
  return null;
}

/** Characters no text field takes: PostgreSQL cannot store NUL, and the others only disguise text. */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

const PLAIN_PROTOTYPES = new Set<unknown>([Object.prototype, Array.prototype]);

/**
 * The first place inside `value` that no form or JSON body carries, with why, or null: a string
 * with a control character (tab and newlines are text), or something that is not text, a number,
 * a boolean, null, a plain object or a list (a symbol, a function, an object of another kind).
 * Schemas then only ever see what a browser or a pipeline can send; zod's length checks throw on
 * an object whose `length` cannot be compared (one without a prototype), where they should refuse.
 */
export function unreadableInputAt(value: unknown, path: string[] = []): { path: string[]; why: string } | null {
  if (typeof value === "string") return CONTROL_CHARACTER.test(value) ? { path, why: "Contains a control character (such as NUL); type or paste plain text." } : null;
  if (value === null || value === undefined || typeof value === "number" || typeof value === "boolean") return null;
  if (typeof value !== "object" || !PLAIN_PROTOTYPES.has(Object.getPrototypeOf(value))) return { path, why: "Send text, a number, a list or an object, as a form or JSON would." };
  for (const [key, inner] of Object.entries(value)) {
    const found = unreadableInputAt(inner, [...path, key]);
    if (found) return found;
  }
  return null;
}

/** Refuses input that holds a control character or anything a form or JSON could not carry, naming the field. */
export function refuseUnreadableInput(value: unknown): UserFacingError | null {
  const at = unreadableInputAt(value);
  if (!at) return null;
  return new UserFacingError("Some fields need attention.", { [at.path.join(".") || "the input"]: [at.why] });
}
