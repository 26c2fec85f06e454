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

/** The path of the first string inside `value` holding a control character (tab and newlines are text), or null. */
export function controlCharacterAt(value: unknown, path: string[] = []): string[] | null {
  if (typeof value === "string") return CONTROL_CHARACTER.test(value) ? path : null;
  if (value && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) {
      const found = controlCharacterAt(inner, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

/** Refuses input with a control character in any string, naming the field. */
export function refuseControlCharacters(value: unknown): UserFacingError | null {
  const at = controlCharacterAt(value);
  if (!at) return null;
  const field = at.join(".") || "the input";
  return new UserFacingError("Some fields need attention.", { [field]: ["Contains a control character (such as NUL); type or paste plain text."] });
}
