import { z } from "zod";
import { getApplicationFor } from "@/lib/applications/get-application";
import type { CurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { NotFoundError } from "@/lib/errors";

/** The application an action names, as the actor may see it; the same refusal for missing and not theirs. */
export async function applicationNamed(name: string, actor: Pick<CurrentUser, "id" | "role">) {
  const application = await getApplicationFor(db(), name, actor);
  if (!application) throw new NotFoundError("That application does not exist or is not yours.");
  return application;
}

/** The input of every action on one application. */
export const ApplicationNameInput = z.object({ applicationName: z.string().min(1, "Choose an application.").max(63) });
