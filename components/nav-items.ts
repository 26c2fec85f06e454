import type { Permission } from "@/lib/auth/roles";

// The app shell's navigation. Later pages slot in here; an item with a permission shows only to
// the roles that hold it (the page checks again itself).
export const NAV_ITEMS: ReadonlyArray<{ href: string; label: string; permission?: Permission }> = [
  { href: "/", label: "Home" },
  { href: "/dashboard", label: "Dashboard", permission: "application:read-all" },
  { href: "/orders/new", label: "Order an environment", permission: "order:create" },
  { href: "/orders", label: "My orders", permission: "order:create" },
  { href: "/approvals", label: "Approvals", permission: "order:decide" },
  { href: "/regions", label: "Regions", permission: "application:read-all" },
  { href: "/runs", label: "Failovers and drills" },
  { href: "/costs", label: "Costs", permission: "cost:read" },
  { href: "/audit", label: "Audit log", permission: "audit:read" },
  { href: "/admin/users", label: "Users and roles", permission: "user:manage" },
  { href: "/account/tokens", label: "Your API tokens", permission: "api-token:own" },
];
