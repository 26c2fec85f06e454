import { forbidden } from "next/navigation";
import { cache } from "react";
import { can, rolesThatCan, type Permission } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { Notice } from "@/components/panel";

// A page the signed-in role may not open answers 403, inside the frame, saying who may and what to
// do. forbidden() renders app/(portal)/forbidden.tsx, which knows nothing of the page; the page
// leaves its reason here, in this request's cache, for it to read.

interface Refusal {
  permission: Permission | null;
  what: string;
}

const refusalOfThisRequest = cache((): Refusal => ({ permission: null, what: "" }));

/** Stops the page with 403 and the explanation the refused person sees. */
export function refuse(permission: Permission, what: string): never {
  Object.assign(refusalOfThisRequest(), { permission, what });
  forbidden();
}

/** What a page shows a signed-in user whose role does not allow it. */
export function Forbidden() {
  const { permission, what } = refusalOfThisRequest();
  return (
    <Notice role="alert" titleLevel="h1" title="Not available with your role">
      <p>
        {permission ? `Only ${rolesThatCan(permission)} can ${what}.` : "Your role does not allow this page."} If you need this, ask an administrator to change your role.
      </p>
    </Notice>
  );
}

/**
 * A layout that refuses the page's role before the page's loading state streams: once that has
 * started, the answer can no longer be 403.
 */
export function permissionLayout(permission: Permission, what: string) {
  return async function PermissionLayout({ children }: { children: React.ReactNode }) {
    const user = await requireUser();
    if (!can(user.role, permission)) refuse(permission, what);
    return children;
  };
}
