"use client";

import { useState } from "react";
import { signIn } from "next-auth/react";

interface DemoUser {
  id: string;
  name: string;
  email: string;
  roleLabel: string;
}

export function SignInChoices({ demoUsers, oidcName, callbackUrl }: { demoUsers: DemoUser[]; oidcName: string | null; callbackUrl: string }) {
  const [pending, setPending] = useState<string | null>(null);
  return (
    <div className="choices">
      {oidcName && (
        <button type="button" disabled={pending !== null} onClick={() => { setPending("oidc"); void signIn("oidc", { callbackUrl }); }}>
          Sign in with {oidcName}
        </button>
      )}
      {demoUsers.map((user) => (
        <button
          key={user.id}
          type="button"
          disabled={pending !== null}
          onClick={() => {
            setPending(user.id);
            void signIn("demo", { userId: user.id, callbackUrl });
          }}
        >
          <span>
            {/* The button's name is what it says: "Sign in as Olivia Owner …", for speech input too. */}
            Sign in as <strong>{user.name}</strong>
            <br />
            <span className="mono">{user.email}</span>
          </span>
          <span className="badge">{user.roleLabel}</span>
        </button>
      ))}
    </div>
  );
}
