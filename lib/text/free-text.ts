// What free text people type (an order's justification, a failover's reason) may hold. It is shown
// to approvers, written to the audit log and sent to webhooks.

// Control characters (a line break and a tab excepted) and the invisible marks that reorder text:
// a justification with a right-to-left override reads backwards to the approver.
const CONTROL_OR_BIDI = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

/** A zod refinement (spread into `.refine(...)`): no control characters or direction marks in the named field. */
export const noControlCharacters = (field: string) => [(text: string) => !CONTROL_OR_BIDI.test(text), `The ${field} cannot contain control characters or invisible direction marks; type it again rather than pasting it.`] as const;
