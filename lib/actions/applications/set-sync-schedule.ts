"use server";

import { z } from "zod";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { db } from "@/lib/db/client";
import { SYNC_INTERVALS } from "@/lib/dr-sync/sync-intervals";
import { UserFacingError } from "@/lib/errors";
import { defineAction } from "../define-action";
import { applicationNamed, ApplicationNameInput } from "./application-named";

const SetSyncScheduleInput = ApplicationNameInput.extend({
  intervalMinutes: z.coerce.number().refine((m) => SYNC_INTERVALS.some((i) => i.minutes === m), "Choose one of the listed intervals."),
});

/** How often the passive namespace is synced; 0 turns the schedule off (on demand only). */
export const setSyncScheduleAction = defineAction(
  { name: "application.set_sync_schedule", permission: "application:sync", forbiddenTo: "change an application's DR sync schedule", input: SetSyncScheduleInput },
  async ({ applicationName, intervalMinutes }, { actor, requestId }) => {
    const application = await applicationNamed(applicationName, actor);
    if (application.profile !== "DR") throw new UserFacingError("Only DR applications have a passive namespace to sync.");
    const next = intervalMinutes === 0 ? null : intervalMinutes;
    await db().$transaction(async (tx) => {
      await tx.application.update({ where: { id: application.id }, data: { syncIntervalMinutes: next } });
      await recordAuditEvent(tx, { action: "application.sync_schedule_changed", actor, target: { type: "application", id: application.id }, applicationId: application.id, before: { syncIntervalMinutes: application.syncIntervalMinutes }, after: { syncIntervalMinutes: next }, requestId });
    });
    return { syncIntervalMinutes: next };
  },
);
