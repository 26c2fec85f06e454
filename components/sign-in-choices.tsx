"use client";

import { useState } from "react";
import { signIn } from "next-auth/react";
import { Alert, Button, Label, LoginPage, Stack, StackItem } from "@patternfly/react-core";

interface DemoUser {
  id: string;
  name: string;
  email: string;
  roleLabel: string;
}

/** The sign-in page on PatternFly's login layout: the identity provider's button, or the demo users, one role each. */
export function SignInChoices({
  demoUsers,
  oidcName,
  callbackUrl,
  error,
  notConfigured,
}: {
  demoUsers: DemoUser[];
  oidcName: string | null;
  callbackUrl: string;
  error: string | null;
  notConfigured: boolean;
}) {
  const [pending, setPending] = useState<string | null>(null);
  return (
    <LoginPage
      brandImgSrc="/icon.svg"
      brandImgAlt="Continuum"
      loginTitle="Sign in to Continuum"
      loginSubtitle="Self-service business continuity for OpenShift."
      textContent="Order environments, approve them, and fail applications over to another region."
    >
      <Stack hasGutter>
        {error && (
          <StackItem>
            <Alert variant="danger" isInline title={error} role="alert" />
          </StackItem>
        )}
        {notConfigured && (
          <StackItem>
            <Alert variant="warning" isInline title="No sign-in method is configured">
              Set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET (see the README).
            </Alert>
          </StackItem>
        )}
        {oidcName && (
          <StackItem>
            <Button
              isBlock
              isLoading={pending === "oidc"}
              isDisabled={pending !== null}
              onClick={() => {
                setPending("oidc");
                void signIn("oidc", { callbackUrl });
              }}
            >
              Sign in with {oidcName}
            </Button>
          </StackItem>
        )}
        {demoUsers.length > 0 && (
          <StackItem>
            <p>This portal runs on its embedded default with simulated regions. Pick a demo user; each has one role.</p>
          </StackItem>
        )}
        {demoUsers.map((user) => (
          <StackItem key={user.id}>
            <Button
              variant="secondary"
              isBlock
              isLoading={pending === user.id}
              isDisabled={pending !== null}
              className="signin-choice"
              onClick={() => {
                setPending(user.id);
                void signIn("demo", { userId: user.id, callbackUrl });
              }}
            >
              {/* The button's name is what it says: "Sign in as Olivia Owner …", for speech input too. */}
              <span className="signin-choice-text">
                Sign in as <strong>{user.name}</strong>
                <br />
                <span className="mono">{user.email}</span>
              </span>{" "}
              <Label isCompact color="blue">
                {user.roleLabel}
              </Label>
            </Button>
          </StackItem>
        ))}
      </Stack>
    </LoginPage>
  );
}
