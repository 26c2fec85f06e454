import { requireUser } from "@/lib/auth/session";
import { can, ROLE_LABELS } from "@/lib/auth/roles";
import { AppShell } from "@/components/app-shell";
import { NAV_ITEMS } from "@/components/nav-items";
import { QueryProvider } from "@/components/query-provider";

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  // Plain props for the client frame: the items this role may open (each page checks again).
  const items = NAV_ITEMS.filter((item) => !item.permission || can(user.role, item.permission)).map(({ href, label }) => ({ href, label }));
  return (
    <QueryProvider>
      <AppShell user={{ name: user.name, email: user.email, roleLabel: ROLE_LABELS[user.role] }} items={items}>
        {children}
      </AppShell>
    </QueryProvider>
  );
}
