import { z } from "zod";
import { can, ROLE_LABELS } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { Role } from "@/lib/generated/prisma/enums";
import { pageQuery, searchParamsOf } from "@/lib/lists/page-query";
import { listUsers, USER_SORTS } from "@/lib/users/list-users";
import { DataTable } from "@/components/data-table";
import { refuse } from "@/components/forbidden";
import { RoleSelect } from "@/components/role-select";
import { Panel } from "@/components/panel";

export const metadata = { title: "Users and roles" };

const Query = pageQuery(USER_SORTS, { sort: "role", dir: "asc" });
const Filters = z.object({ role: z.enum(Role).optional().catch(undefined) });

export default async function UsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  if (!can(user.role, "user:manage")) refuse("user:manage", "see users and change their roles");
  const raw = searchParamsOf(await searchParams);
  const query = Query.parse(raw);
  const filters = Filters.parse(raw);
  const users = await listUsers(db(), query, filters);
  return (
    <>
      <h1>Users and roles</h1>
      <p className="lead">A role change takes effect on the user&apos;s next click; it is recorded in the audit log.</p>
      <Panel>
        <DataTable
          label="Users"
          columns={[
            { key: "user", title: "User", sort: "name" },
            { key: "groups", title: "Groups" },
            { key: "role", title: "Role", sort: "role" },
          ]}
          rows={users.items.map((u) => ({
            id: u.id,
            cells: {
              user: (
                <>
                  <strong>{u.name}</strong>
                  <div className="mono">{u.email}</div>
                </>
              ),
              groups: <span className="mono">{u.groups.join(", ") || "—"}</span>,
              role: <RoleSelect userId={u.id} email={u.email} role={u.role} labels={ROLE_LABELS} />,
            },
          }))}
          total={users.total}
          totalIsMore={users.totalIsMore}
          cursors={users.cursors}
          query={{ ...query, page: users.page }}
          search="Name, e-mail or group"
          filters={[{ param: "role", label: "Role", value: filters.role ?? "", options: [{ value: "", label: "Every role" }, ...Object.values(Role).map((r) => ({ value: r, label: ROLE_LABELS[r] }))] }]}
          empty={{ title: "No users yet", body: "People appear here the first time they sign in." }}
          testId="users-table"
        />
      </Panel>
    </>
  );
}
