import { ApiTokens } from "@/components/api-tokens";
import { refuse } from "@/components/forbidden";
import { listApiTokens } from "@/lib/api-tokens/api-tokens";
import { can } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";

export const metadata = { title: "Your API tokens" };
export const dynamic = "force-dynamic";

export default async function ApiTokensPage() {
  const user = await requireUser();
  if (!can(user.role, "api-token:own")) refuse("api-token:own", "have API tokens");
  const tokens = await listApiTokens(db(), user.id);
  return (
    <>
      <h1>Your API tokens</h1>
      <p className="lead">
        For pipelines and scripts: <span className="mono">Authorization: Bearer ctm_…</span> on <a href="/api/v1/openapi.json">/api/v1</a>. A token acts as you, with your role of the moment; revoke it when the pipeline
        no longer needs it.
      </p>
      <ApiTokens tokens={tokens.map((t) => ({ ...t, createdAt: t.createdAt.toISOString(), lastUsedAt: t.lastUsedAt?.toISOString() ?? null, revokedAt: t.revokedAt?.toISOString() ?? null }))} />
    </>
  );
}
