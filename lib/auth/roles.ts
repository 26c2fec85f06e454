import type { Role } from "@/lib/generated/prisma/enums";

// The role table of DESIGN.md, as code. Every server action and API route asks `can` itself;
// hiding a button is not a check.

export const ROLES = ["OWNER", "APPROVER", "ONCALL", "ADMIN"] as const satisfies readonly Role[];

export type Permission =
  | "order:create"
  | "order:cancel-own"
  | "order:decide"
  | "region:manage"
  | "run:start"
  | "application:read-all"
  | "application:verify"
  | "application:sync"
  | "audit:read"
  | "cost:read"
  | "api-token:own"
  | "user:manage";

const GRANTS: Record<Exclude<Role, "ADMIN">, readonly Permission[]> = {
  // Syncing DR only writes to the passive namespace: owners (their own, from their pipeline),
  // the platform team and on-call may all ask for it.
  OWNER: ["order:create", "order:cancel-own", "application:verify", "application:sync", "api-token:own"],
  APPROVER: ["order:decide", "region:manage", "application:read-all", "application:verify", "application:sync", "audit:read", "cost:read", "api-token:own"],
  ONCALL: ["run:start", "application:read-all", "application:verify", "application:sync", "api-token:own"],
};

export function can(role: Role, permission: Permission): boolean {
  if (role === "ADMIN") return true;
  return GRANTS[role].includes(permission);
}

export const ROLE_LABELS: Record<Role, string> = {
  OWNER: "Application owner",
  APPROVER: "Approver (platform team)",
  ONCALL: "On-call engineer",
  ADMIN: "Administrator",
};

export const ROLE_SUMMARIES: Record<Role, string> = {
  OWNER: "Order environments, follow your orders and see your own applications and their runs.",
  APPROVER: "Approve or reject orders and manage regions.",
  ONCALL: "Fail DR applications over and back, and run DR drills.",
  ADMIN: "Everything, including users and their roles.",
};

/** The roles that hold a permission, in words, for "only … can do this" messages. */
export function rolesThatCan(permission: Permission): string {
  const names = ROLES.filter((role) => can(role, permission)).map((role) => ROLE_LABELS[role].toLowerCase());
  return names.length <= 1 ? (names[0] ?? "nobody") : `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`;
}
