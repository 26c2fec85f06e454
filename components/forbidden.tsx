import { rolesThatCan, type Permission } from "@/lib/auth/roles";

/** What a page shows a signed-in user whose role does not allow it. */
export function Forbidden({ permission, what }: { permission: Permission; what: string }) {
  return (
    <div className="card notice" role="alert">
      <h1>Not available with your role</h1>
      <p>
        Only {rolesThatCan(permission)} can {what}. If you need this, ask an administrator to change your role.
      </p>
    </div>
  );
}
