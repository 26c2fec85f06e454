import type { CurrentUser } from "@/lib/auth/session";

/**
 * Who may order something for an existing application (a change, its retirement): its owner, or
 * an administrator. Checked by the request itself; pages use it to show or hide the way there.
 */
export const mayOrderFor = (application: { ownerId: string }, user: Pick<CurrentUser, "id" | "role">) => application.ownerId === user.id || user.role === "ADMIN";
