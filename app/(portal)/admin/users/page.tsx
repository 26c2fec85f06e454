import { can, ROLE_LABELS } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { listUsers } from "@/lib/users/list-users";
import { refuse } from "@/components/forbidden";
import { RoleSelect } from "@/components/role-select";

export const metadata = { title: "Users and roles" };

export default async function UsersPage() {
  const user = await requireUser();
  if (!can(user.role, "user:manage")) refuse("user:manage", "see users and change their roles");
  const users = await listUsers(db());
  return (
    <>
      <h1>Users and roles</h1>
      <p className="lead">A role change takes effect on the user&apos;s next click; it is recorded in the audit log.</p>
      <div className="card">
        <table>
          <thead>
            <tr>
              <th>User</th>
              <th>Groups</th>
              <th>Role</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>
                  <strong>{u.name}</strong>
                  <div className="mono">{u.email}</div>
                </td>
                <td className="mono">{u.groups.join(", ") || "—"}</td>
                <td>
                  <RoleSelect userId={u.id} email={u.email} role={u.role} labels={ROLE_LABELS} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
