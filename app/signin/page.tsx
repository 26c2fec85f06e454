import { redirect } from "next/navigation";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { getCurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { listDemoUsers } from "@/lib/users/list-users";
import { SignInChoices } from "@/components/sign-in-choices";
import { config } from "@/lib/config/config";

export const metadata = { title: "Sign in" };

const ERRORS: Record<string, string> = {
  CredentialsSignin: "That demo user does not exist any more. Pick another one.",
  OAuthSignin: "The identity provider could not be reached. Try again in a minute.",
  OAuthCallback: "The identity provider's answer could not be checked. Try again.",
  AccessDenied: "Your account is not allowed to sign in to Continuum.",
};

// Only the same site: an absolute or protocol-relative URL here would send people elsewhere.
function safeCallback(value: string | undefined) {
  return value && value.startsWith("/") && !value.startsWith("//") ? value : "/";
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ error?: string; callbackUrl?: string }> }) {
  const { error, callbackUrl } = await searchParams;
  const target = safeCallback(callbackUrl);
  if (await getCurrentUser()) redirect(target);
  const auth = config().auth;
  const demoUsers = auth.demo ? await listDemoUsers(db()) : [];
  return (
    <SignInChoices
      callbackUrl={target}
      oidcName={auth.oidc?.name ?? null}
      demoUsers={demoUsers.map((u) => ({ id: u.id, name: u.name, email: u.email, roleLabel: ROLE_LABELS[u.role] }))}
      error={error ? (ERRORS[error] ?? "Sign-in did not work. Try again.") : null}
      notConfigured={!auth.demo && !auth.oidc}
    />
  );
}
