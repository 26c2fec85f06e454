import { z } from "zod";
import { noControlCharacters } from "@/lib/text/free-text";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Db } from "@/lib/db/client";
import { NotFoundError, UserFacingError } from "@/lib/errors";

// The platform team takes a region out of new orders (maintenance, capacity, a decommission) or
// puts it back, with a reason for the audit log. What already runs there is untouched, and the
// region is still health-checked and fenced; start-up does not undo a person's choice.

export const SetRegionEnabledInput = z.object({
  region: z.string().min(1).max(63),
  enabled: z.preprocess((v) => v === true || v === "true", z.boolean()),
  reason: z.string().trim().min(10, "Say why in a sentence (at least 10 characters): it goes into the audit log and onto the Regions page.").max(500).refine(...noControlCharacters("reason")),
});
export type SetRegionEnabledInput = z.infer<typeof SetRegionEnabledInput>;

export async function setRegionEnabled(db: Db, input: SetRegionEnabledInput, actor: { id: string; email: string; requestId?: string }) {
  return db.$transaction(async (tx) => {
    const region = await tx.region.findUnique({ where: { name: input.region } });
    if (!region) throw new NotFoundError(`There is no region called ${input.region}.`);
    if (region.enabled === input.enabled) throw new UserFacingError(`${region.name} is already ${input.enabled ? "offered to new orders" : "out of new orders"}.`);
    if (input.enabled && !region.disabledReason) throw new UserFacingError(`${region.name} is off because the portal's configuration no longer lists it; add it to the kubeconfig and clouds.yaml again.`);
    const updated = await tx.region.update({ where: { id: region.id }, data: { enabled: input.enabled, disabledReason: input.enabled ? null : input.reason } });
    await recordAuditEvent(tx, {
      action: input.enabled ? "region.enabled" : "region.disabled",
      actor,
      target: { type: "region", id: region.id },
      before: { enabled: region.enabled, disabledReason: region.disabledReason },
      after: { enabled: input.enabled, reason: input.reason },
      requestId: actor.requestId,
    });
    return { region: updated.name, enabled: updated.enabled };
  });
}
