"use client";

import { Button } from "@patternfly/react-core";
import { signOut } from "next-auth/react";

export function SignOutButton() {
  return (
    <Button variant="secondary" size="sm" onClick={() => void signOut({ callbackUrl: "/signin" })}>
      Sign out
    </Button>
  );
}
