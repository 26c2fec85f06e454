import { requireUser } from "@/lib/auth/session";
import { AppShell } from "@/components/app-shell";
import { QueryProvider } from "@/components/query-provider";

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  return (
    <QueryProvider>
      <AppShell user={user}>{children}</AppShell>
    </QueryProvider>
  );
}
