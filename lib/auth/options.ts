import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { clientAddressOf, failedAttempts } from "./attempt-throttle";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { log } from "@/lib/log";
import { signInOidcUser } from "@/lib/auth/sign-in-oidc-user";
import { config } from "@/lib/config/config";

const DemoCredentials = z.object({ userId: z.string().min(1).max(64) });

const OidcClaims = z.looseObject({
  sub: z.string(),
  email: z.email(),
  name: z.string().optional(),
  preferred_username: z.string().optional(),
});

function buildAuthOptions(): NextAuthOptions {
  const auth = config().auth;
  const providers: NextAuthOptions["providers"] = [];

  if (auth.oidc) {
    const oidc = auth.oidc;
    providers.push({
      id: "oidc",
      name: oidc.name,
      type: "oauth",
      wellKnown: `${oidc.issuer}/.well-known/openid-configuration`,
      clientId: oidc.clientId,
      clientSecret: oidc.clientSecret,
      idToken: true,
      checks: ["pkce", "state"],
      authorization: { params: { scope: "openid email profile" } },
      profile(raw) {
        const claims = OidcClaims.parse(raw);
        return { id: claims.sub, email: claims.email, name: claims.name ?? claims.preferred_username ?? claims.email };
      },
    });
  }

  // Only on the embedded default: pick one of the seeded demo users, no password.
  if (auth.demo) {
    providers.push(
      CredentialsProvider({
        id: "demo",
        name: "Demo user",
        credentials: { userId: { label: "User", type: "text" } },
        async authorize(credentials, request) {
          // Guessing demo user ids from one address is throttled like guessing API tokens.
          const address = clientAddressOf(request?.headers ?? {});
          if (failedAttempts.retryAfterSeconds(address) > 0) return null;
          const parsed = DemoCredentials.safeParse(credentials);
          const user = parsed.success ? await db().user.findFirst({ where: { id: parsed.data.userId, demo: true } }) : null;
          if (user) return { id: user.id, email: user.email, name: user.name };
          if (await failedAttempts.recordFailure(address)) {
            await recordAuditEvent(db(), { action: "auth.sign_in_throttled", actor: "system", target: { type: "address", id: address }, after: { provider: "demo" } });
          }
          return null;
        },
      }),
    );
  }

  return {
    providers,
    secret: config().sessionSecret ?? undefined,
    session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
    pages: { signIn: "/signin", error: "/signin" },
    callbacks: {
      async jwt({ token, account, profile }) {
        // The token's subject is always the portal's own user id.
        if (account?.provider === "oidc" && profile && auth.oidc) {
          const claims = OidcClaims.parse(profile);
          const rawGroups = (profile as Record<string, unknown>)[auth.oidc.groupsClaim];
          const groups = Array.isArray(rawGroups) ? rawGroups.filter((g): g is string => typeof g === "string") : [];
          const user = await signInOidcUser(
            db(),
            { email: claims.email, name: claims.name ?? claims.preferred_username ?? claims.email, groups },
            auth.oidc.roleGroups,
          );
          token.sub = user.id;
          log.info({ userId: user.id, provider: "oidc" }, "user signed in");
        } else if (account?.provider === "demo") {
          log.info({ userId: token.sub, provider: "demo" }, "demo user signed in");
        }
        return token;
      },
      async session({ session, token }) {
        if (token.sub) session.user = { ...session.user, id: token.sub };
        return session;
      },
    },
  };
}

let cached: NextAuthOptions | undefined;

export function authOptions(): NextAuthOptions {
  cached ??= buildAuthOptions();
  return cached;
}
