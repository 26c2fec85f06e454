import { z } from "zod";
import type { PlannedNamespace, ProfileName } from "@/lib/profiles/profiles";
import type { QuotaSizeName } from "@/lib/quotas/quotas";

// The monthly cost of an order: each planned namespace costs its quota size's price in its
// region, times the region's factor; the profile adds its own factor (DR pays for the standby
// capacity and the drills). Configurable with CONTINUUM_COST_MODEL (JSON of this shape).

export const CostModelSchema = z.object({
  currency: z.string().min(1).max(8),
  pricePerNamespace: z.object({ SMALL: z.number().nonnegative(), MEDIUM: z.number().nonnegative(), LARGE: z.number().nonnegative() }),
  regionFactor: z.record(z.string(), z.number().positive()).default({}),
  profileFactor: z.object({ SINGLE_SITE: z.number().positive(), MULTI_SITE: z.number().positive(), DR: z.number().positive() }),
});
export type CostModel = z.infer<typeof CostModelSchema>;

export const DEFAULT_COST_MODEL: CostModel = {
  currency: "EUR",
  pricePerNamespace: { SMALL: 120, MEDIUM: 380, LARGE: 1200 },
  regionFactor: {},
  profileFactor: { SINGLE_SITE: 1, MULTI_SITE: 1.1, DR: 1.15 },
};

export interface CostEstimate {
  currency: string;
  /** Whole currency units per month. */
  monthly: number;
  lines: Array<{ namespace: string; region: string; monthly: number }>;
}

export function estimateMonthlyCost(model: CostModel, profile: ProfileName, size: QuotaSizeName, namespaces: PlannedNamespace[]): CostEstimate {
  const lines = namespaces.map((ns) => ({
    namespace: ns.name,
    region: ns.region,
    monthly: Math.round(model.pricePerNamespace[size] * (model.regionFactor[ns.region] ?? 1) * model.profileFactor[profile]),
  }));
  return { currency: model.currency, monthly: lines.reduce((sum, line) => sum + line.monthly, 0), lines };
}

export function formatMoney(amount: number, currency: string) {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency, maximumFractionDigits: 0 }).format(amount);
  } catch {
    return `${amount.toLocaleString("en")} ${currency}`;
  }
}
