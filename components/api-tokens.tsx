"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { createApiTokenAction } from "@/lib/actions/api-tokens/create-api-token";
import { revokeApiTokenAction } from "@/lib/actions/api-tokens/revoke-api-token";
import { utcMinute } from "@/lib/format-time";

interface TokenRow {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export function ApiTokens({ tokens }: { tokens: TokenRow[] }) {
  const router = useRouter();
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <>
      <form
        className="card form"
        onSubmit={(event) => {
          event.preventDefault();
          const name = String(new FormData(event.currentTarget).get("name") ?? "");
          startTransition(async () => {
            const result = await createApiTokenAction({ name });
            if (result.ok) {
              setCreated({ name: result.data.name, token: result.data.token });
              setError(null);
              router.refresh();
            } else setError(result.fieldErrors?.name?.[0] ?? result.error);
          });
        }}
      >
        <label>
          New token for
          <input name="name" placeholder="release pipeline of books" maxLength={80} />
        </label>
        {error && <p className="error" role="alert">{error}</p>}
        <div>
          <button type="submit" disabled={pending}>
            Create token
          </button>
        </div>
        {created && (
          <div className="notice" role="status">
            <strong>Copy the token for “{created.name}” now: it is not shown again.</strong>
            <pre className="mono" data-testid="new-token">{created.token}</pre>
          </div>
        )}
      </form>
      <section className="card">
        {tokens.length === 0 ? (
          <p className="empty">No token yet.</p>
        ) : (
          <table data-testid="api-tokens">
            <thead>
              <tr>
                <th>Name</th>
                <th>Starts with</th>
                <th>Created</th>
                <th>Last used</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td className="mono">{t.prefix}…</td>
                  <td>{utcMinute(new Date(t.createdAt))}</td>
                  <td>{t.lastUsedAt ? utcMinute(new Date(t.lastUsedAt)) : "never"}</td>
                  <td>
                    {t.revokedAt ? (
                      <span className="badge">revoked</span>
                    ) : (
                      <button type="button" className="danger" disabled={pending} onClick={() => startTransition(async () => void (await revokeApiTokenAction({ tokenId: t.id }), router.refresh()))}>
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
