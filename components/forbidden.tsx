import { forbidden } from "next/navigation";
import { cache } from "react";
import { rolesThatCan, type Permission } from "@/lib/auth/roles";

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
    <div className="card notice" role="alert">
      <h1>Not available with your role</h1>
      <p>
        {permission ? `Only ${rolesThatCan(permission)} can ${what}.` : "Your role does not allow this page."} If you need this, ask an administrator to change your role.
      </p>
    </div>
  );
}
