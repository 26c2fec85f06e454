"use client";

import { Button, Flex, FormSelect, FormSelectOption } from "@patternfly/react-core";
import { useState, useTransition } from "react";
import { setUserRoleAction } from "@/lib/actions/users/set-user-role";
import { InlineMessage, type InlineMessageValue } from "./inline-message";

type Role = "OWNER" | "APPROVER" | "ONCALL" | "ADMIN";

export function RoleSelect({ userId, email, role, labels }: { userId: string; email: string; role: Role; labels: Record<Role, string> }) {
  const [value, setValue] = useState<Role>(role);
  const [message, setMessage] = useState<InlineMessageValue | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        startTransition(async () => {
          const result = await setUserRoleAction({ userId, role: value });
          setMessage(result.ok ? { ok: true, text: "Saved." } : { ok: false, text: result.error });
          if (!result.ok) setValue(role);
        });
      }}
    >
      <Flex alignItems={{ default: "alignItemsCenter" }} gap={{ default: "gapSm" }}>
        <FormSelect aria-label={`Role of ${email}`} value={value} onChange={(_event, next) => setValue(next as Role)} style={{ width: "auto" }}>
          {(Object.keys(labels) as Role[]).map((r) => (
            <FormSelectOption key={r} value={r} label={labels[r]} />
          ))}
        </FormSelect>
        <Button type="submit" variant="secondary" size="sm" isDisabled={pending || value === role} isLoading={pending}>
          {pending ? "Saving…" : "Save"}
        </Button>
        <InlineMessage message={message} />
      </Flex>
    </form>
  );
}
