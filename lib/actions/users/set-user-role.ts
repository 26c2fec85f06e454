"use server";

import { z } from "zod";
import { db } from "@/lib/db/client";
import { setUserRole } from "@/lib/users/set-user-role";
import { defineAction } from "../define-action";

const SetUserRoleInput = z.object({
  userId: z.string().min(1, "Choose a user."),
  role: z.enum(["OWNER", "APPROVER", "ONCALL", "ADMIN"], { error: "Choose one of the four roles." }),
});

export const setUserRoleAction = defineAction(
  {
    name: "user.set_role",
    permission: "user:manage",
    forbiddenTo: "change roles",
    input: SetUserRoleInput,
    revalidate: ["/admin/users"],
  },
  async (input, { actor, requestId }) => {
    const user = await setUserRole(db(), input, { id: actor.id, email: actor.email, requestId });
    return { id: user.id, role: user.role };
  },
);
