import { refuse } from "@/components/forbidden";
import { can } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";

// Checked here, above the page's loading state: once that streams, the answer can no longer be 403.
export default async function Layout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  if (!can(user.role, "cost:read")) refuse("cost:read", "see costs");
  return children;
}
