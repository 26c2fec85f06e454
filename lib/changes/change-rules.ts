import { z } from "zod";
import { type PlannedNamespace, type ProfileName } from "@/lib/profiles/profiles";
import { QUOTA_SIZES, type QuotaSizeName } from "@/lib/quotas/quotas";

// What a change order is, shared by the change form (as you choose) and the server (which
// decides). Client-safe: no server imports here.

export const changeRequestSchema = (enabledRegions: string[]) =>
  z.object({
    applicationName: z.string({ error: "Choose an application." }).min(1, "Choose an application.").max(63),
    quotaSize: z.enum(QUOTA_SIZES, { error: "Choose a quota size: small, medium or large." }),
    addRegions: z
      .array(
        z.string().refine((r) => enabledRegions.includes(r), { error: (issue) => `"${String(issue.input).slice(0, 40)}" is not a region you can order in (${enabledRegions.join(", ")}).` }),
        { error: "Choose the regions to add, or none." },
      )
      .max(16)
      .refine((list) => new Set(list).size === list.length, "Each region once.")
      .default([]),
    justification: z
      .string({ error: "Say why the application needs the change." })
      .trim()
      .min(20, "Say in a sentence or two (at least 20 characters) why the change is needed; the approver reads it.")
      .max(2000, "At most 2,000 characters.")
      .regex(/^[^<>]*$/, "The justification cannot contain < or >."),
  });

export type ChangeRequest = z.output<ReturnType<typeof changeRequestSchema>>;

/** An application as a change starts from: its profile, quota and the namespaces it has. */
export interface ApplicationShape {
  name: string;
  profile: ProfileName;
  quotaSize: QuotaSizeName;
  namespaces: PlannedNamespace[];
}

/** What the application is before a change, as the order keeps it (Order.changeFrom). */
export type ChangeFrom = {
  quotaSize: QuotaSizeName;
  regions: string[];
  estimatedMonthlyCost: number;
};

export const regionsOf = (namespaces: Array<{ region: string }>) => [...new Set(namespaces.map((ns) => ns.region))].sort();

/** Only multi-site gains regions: in each new one it gets a production namespace, as at ordering. */
export function namespacesAfterChange(application: ApplicationShape, addRegions: string[]): PlannedNamespace[] {
  return [...application.namespaces, ...addRegions.map((region) => ({ region, name: `${application.name}-prod`, role: "PROD" as const }))];
}

/**
 * Why the requested change cannot be ordered, by field, or null when it can. The rules that need
 * only the application as it is; the live checks of the regions come after.
 */
export function changeRefusal(application: ApplicationShape, change: Pick<ChangeRequest, "quotaSize" | "addRegions">): Record<string, string[]> | null {
  const current = regionsOf(application.namespaces);
  if (change.addRegions.length > 0 && application.profile !== "MULTI_SITE") {
    const why = application.profile === "DR" ? "A DR application has exactly a primary and a DR region." : "A single-site application lives in one region.";
    return { addRegions: [`${why} Only a multi-site application can gain regions; order a new multi-site application instead.`] };
  }
  const already = change.addRegions.filter((r) => current.includes(r));
  if (already.length) return { addRegions: [`${application.name} already runs in ${already.join(", ")}.`] };
  if (change.quotaSize === application.quotaSize && change.addRegions.length === 0) {
    return { quotaSize: ["That is the application as it is now: choose another quota size or a region to add."] };
  }
  return null;
}
