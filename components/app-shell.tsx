import Link from "next/link";
import { can, ROLE_LABELS } from "@/lib/auth/roles";
import type { CurrentUser } from "@/lib/auth/session";
import { NAV_ITEMS } from "./nav-items";
import { SignOutButton } from "./sign-out-button";

export function AppShell({ user, children }: { user: CurrentUser; children: React.ReactNode }) {
  const items = NAV_ITEMS.filter((item) => !item.permission || can(user.role, item.permission));
  return (
    <div className="shell">
      <aside className="sidebar">
        <div className="brand">
          Continuum
          <small>business continuity for OpenShift</small>
        </div>
        <nav className="nav" aria-label="Main">
          {items.map((item) => (
            <Link key={item.href} href={item.href}>
              {item.label}
            </Link>
          ))}
        </nav>
        <div className="who" data-testid="signed-in-as">
          <div>{user.name}</div>
          <div className="mono">{user.email}</div>
          <span className="badge role">{ROLE_LABELS[user.role]}</span>
          <div>
            <SignOutButton />
          </div>
        </div>
      </aside>
      <main className="main">{children}</main>
    </div>
  );
}
