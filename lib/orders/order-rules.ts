import { z } from "zod";
import { ENVIRONMENTS, PROFILES } from "@/lib/profiles/profiles";
import { QUOTA_SIZES } from "@/lib/quotas/quotas";
import { noControlCharacters } from "@/lib/text/free-text";

// What an order is, shared by the order form (as you type) and the server (which decides): the
// same zod schema runs in both, so a field refused in the browser is refused the same way on
// the server. Client-safe: no server imports here.

/** The longest suffix an application's namespaces get ("-test"), within Kubernetes' 63. */
export const MAX_APPLICATION_NAME = 40;

export interface OrderRuleSettings {
  /** Names of the enabled regions an order may use. */
  regions: string[];
  costCenter: { pattern: string; example: string };
}

// Free text is shown to approvers and sent to webhooks: no markup in it, so nothing can pose as a link or a script.
const NO_MARKUP = /^[^<>]*$/;
/** How long each free-text field of an order may be: the form stops there and counts down. */
export const ORDER_TEXT_LIMITS = { description: 500, costCenter: 40, justification: 2000 } as const;

export const applicationNameSchema = z
  .string({ error: "Enter the application's name." })
  .trim()
  .min(1, "Enter the application's name.")
  .min(2, "The name needs at least 2 characters.")
  .max(MAX_APPLICATION_NAME, `At most ${MAX_APPLICATION_NAME} characters, so its namespaces (like name-test) stay valid.`)
  .regex(/^[a-z0-9-]+$/, "Use lower-case letters, digits and dashes only (it becomes the namespaces' names).")
  .regex(/^[a-z]/, "Start with a letter.")
  .regex(/[a-z0-9]$/, "End with a letter or a digit.")
  .refine((name) => !name.includes("--"), "No two dashes in a row.");

const groupSchema = z
  .string({ error: "Choose the group that owns the application." })
  .trim()
  .min(1, "Choose the group that owns the application.")
  .max(63, "At most 63 characters.")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "A group name is letters, digits, dots, dashes and underscores.");

/** The whole order, for the given regions and cost-center format. */
export function orderInputSchema(settings: OrderRuleSettings) {
  const costCenter = new RegExp(settings.costCenter.pattern);
  const placement = {
    profile: z.enum(PROFILES, { error: "Choose a profile: single-site, multi-site or DR." }),
    environments: z
      .array(z.enum(ENVIRONMENTS, { error: "Environments are dev, test and prod." }), { error: "Choose at least one environment." })
      .min(1, "Choose at least one environment.")
      .refine((list) => new Set(list).size === list.length, "Each environment once."),
    regions: z
      .array(
        z.string().refine((r) => settings.regions.includes(r), { error: (issue) => `"${String(issue.input).slice(0, 40)}" is not a region you can order in (${settings.regions.join(", ")}).` }),
        { error: "Choose the regions." },
      )
      .min(1, "Choose at least one region.")
      .refine((list) => new Set(list).size === list.length, "A region can be chosen only once; for DR the primary and the DR region must differ."),
  };
  // The profile's rules run as soon as profile, environments and regions are valid, even while
  // other fields are still empty (the form checks them at step 2 of 4).
  const placementValid = z.object(placement);
  const rule = (holds: (o: z.infer<typeof placementValid>) => boolean, path: "regions" | "environments", message: string) =>
    [(o: z.infer<typeof placementValid>) => holds(o), { path: [path] as PropertyKey[], message, when: (payload: { value: unknown }) => placementValid.safeParse(payload.value).success }] as const;
  return z
    .object({
      ...placement,
      applicationName: applicationNameSchema,
      description: z
        .string({ error: "Describe the application in a sentence." })
        .trim()
        .min(1, "Describe the application in a sentence.")
        .max(ORDER_TEXT_LIMITS.description, `At most ${ORDER_TEXT_LIMITS.description} characters.`)
        .regex(NO_MARKUP, "The description cannot contain < or >.")
        .refine(...noControlCharacters("description")),
      ownerGroup: groupSchema,
      quotaSize: z.enum(QUOTA_SIZES, { error: "Choose a quota size: small, medium or large." }),
      costCenter: z
        .string({ error: "Enter the cost center." })
        .trim()
        // "cc-10420" is CC-10420: checked (and stored) as the finance system writes it.
        .toUpperCase()
        .min(1, `Enter the cost center, like ${settings.costCenter.example}.`)
        .max(ORDER_TEXT_LIMITS.costCenter, `At most ${ORDER_TEXT_LIMITS.costCenter} characters.`)
        .refine((v) => costCenter.test(v), `A cost center looks like ${settings.costCenter.example}.`),
      justification: z
        .string({ error: "Say why the application needs this environment." })
        .trim()
        .min(20, "Say in a sentence or two (at least 20 characters) why this environment is needed; the approver reads it.")
        .max(ORDER_TEXT_LIMITS.justification, `At most ${ORDER_TEXT_LIMITS.justification.toLocaleString("en")} characters.`)
        .regex(NO_MARKUP, "The justification cannot contain < or >.")
        .refine(...noControlCharacters("justification")),
    })
    .refine(...rule((o) => o.profile !== "SINGLE_SITE" || o.regions.length === 1, "regions", "A single-site application lives in exactly one region."))
    .refine(...rule((o) => o.profile !== "MULTI_SITE" || o.regions.length >= 2, "regions", "Multi-site needs at least two regions (three are recommended for quorum)."))
    .refine(...rule((o) => o.profile !== "DR" || o.regions.length === 2, "regions", "Choose a primary and a DR region: DR needs both."))
    .refine(...rule((o) => o.profile === "SINGLE_SITE" || o.environments.includes("prod"), "environments", "Multi-site and DR protect production: include prod."));
}

export type OrderInput = z.output<ReturnType<typeof orderInputSchema>>;

/** The fields of each step of the order form, for checking a step before going on. */
export const ORDER_STEPS = [
  { title: "Profile", fields: ["profile"] },
  { title: "Project details", fields: ["applicationName", "description", "ownerGroup", "environments", "regions", "quotaSize"] },
  { title: "Cost center and justification", fields: ["costCenter", "justification"] },
  { title: "Review and submit", fields: [] },
] as const satisfies ReadonlyArray<{ title: string; fields: ReadonlyArray<keyof OrderInput> }>;

