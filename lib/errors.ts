/**
 * An error whose message is written for the person in front of the portal: it says what is wrong
 * and what to do. Anything else that escapes a server action is logged and replaced by a
 * generic message with a reference, so raw errors never reach the browser.
 */
export class UserFacingError extends Error {
  constructor(
    message: string,
    readonly fieldErrors?: Record<string, string[]>,
  ) {
    super(message);
    this.name = "UserFacingError";
  }
}
