import { cookies } from "next/headers";
import { requireUser } from "@/lib/auth/session";
import { can, ROLE_LABELS } from "@/lib/auth/roles";
import { AppShell } from "@/components/app-shell";
import { NAV_ITEMS } from "@/components/nav-items";
import { QueryProvider } from "@/components/query-provider";
import { THEME_COOKIE } from "@/components/theme-cookie";

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  const dark = (await cookies()).get(THEME_COOKIE)?.value === "dark";
  // Plain props for the client frame: the items this role may open (each page checks again).
  const items = NAV_ITEMS.filter((item) => !item.permission || can(user.role, item.permission)).map(({ href, label }) => ({ href, label }));
  return (
    <QueryProvider>
      <AppShell user={{ name: user.name, email: user.email, roleLabel: ROLE_LABELS[user.role] }} items={items} dark={dark}>
        {children}
      </AppShell>
    </QueryProvider>
  );
}
