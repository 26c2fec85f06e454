"use client";

import { useState, useTransition } from "react";
import { setUserRoleAction } from "@/lib/actions/users/set-user-role";

type Role = "OWNER" | "APPROVER" | "ONCALL" | "ADMIN";

export function RoleSelect({ userId, email, role, labels }: { userId: string; email: string; role: Role; labels: Record<Role, string> }) {
  const [value, setValue] = useState<Role>(role);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <form
      className="inline"
      onSubmit={(event) => {
        event.preventDefault();
        startTransition(async () => {
          const result = await setUserRoleAction({ userId, role: value });
          setMessage(result.ok ? { ok: true, text: "Saved." } : { ok: false, text: result.error });
          if (!result.ok) setValue(role);
        });
      }}
    >
      <select aria-label={`Role of ${email}`} value={value} onChange={(e) => setValue(e.target.value as Role)}>
        {(Object.keys(labels) as Role[]).map((r) => (
          <option key={r} value={r}>
            {labels[r]}
          </option>
        ))}
      </select>
      <button type="submit" className="secondary" disabled={pending || value === role}>
        {pending ? "Saving…" : "Save"}
      </button>
      {message && (
        <span className={message.ok ? "success" : "error"} role={message.ok ? "status" : "alert"}>
          {message.text}
        </span>
      )}
    </form>
  );
}
