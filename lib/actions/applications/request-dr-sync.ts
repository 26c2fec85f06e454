"use server";

import { db } from "@/lib/db/client";
import { requestDrSync } from "@/lib/dr-sync/request-dr-sync";
import { defineAction } from "../define-action";
import { applicationNamed, ApplicationNameInput } from "./application-named";

/** "Sync now": queues a DR sync (or points at the one already queued). */
export const requestDrSyncAction = defineAction(
  { name: "application.request_dr_sync", permission: "application:sync", forbiddenTo: "sync an application's DR namespace", input: ApplicationNameInput },
  async ({ applicationName }, { actor, requestId }) => {
    const application = await applicationNamed(applicationName, actor);
    const { sync, alreadyPending } = await requestDrSync(db(), application.id, "PAGE", { ...actor, requestId });
    return { syncId: sync.id, alreadyPending };
  },
);
