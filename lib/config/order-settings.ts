import { z } from "zod";
import { setVariablesOf } from "./variables";
import { CostModelSchema, DEFAULT_COST_MODEL, type CostModel } from "@/lib/pricing/cost-model";

// The organisation's own rules for orders, from the environment:
//   CONTINUUM_COST_CENTER_PATTERN  a regular expression, default ^CC-[0-9]{4,6}$
//   CONTINUUM_COST_CENTER_EXAMPLE  shown in messages, default CC-10420
//   CONTINUUM_COST_MODEL           JSON, see cost-model.ts
//   CONTINUUM_WEBHOOK_URL          receives a JSON event per submitted and decided order

export interface OrderSettings {
  costCenter: { pattern: string; example: string };
  costModel: CostModel;
  webhookUrl: string | null;
}

export class OrderSettingsError extends Error {}

const Env = z.object({
  CONTINUUM_COST_CENTER_PATTERN: z.string().default("^CC-[0-9]{4,6}$"),
  CONTINUUM_COST_CENTER_EXAMPLE: z.string().default("CC-10420"),
  CONTINUUM_COST_MODEL: z.string().optional(),
  CONTINUUM_WEBHOOK_URL: z.url({ protocol: /^https?$/, error: "CONTINUUM_WEBHOOK_URL must be an http(s) URL." }).optional(),
});

export function loadOrderSettings(env: Record<string, string | undefined>): OrderSettings {
  const parsed = Env.safeParse(setVariablesOf(env));
  if (!parsed.success) throw new OrderSettingsError(parsed.error.issues.map((i) => i.message).join(" "));
  const { CONTINUUM_COST_CENTER_PATTERN: pattern, CONTINUUM_COST_CENTER_EXAMPLE: example } = parsed.data;
  try {
    if (!new RegExp(pattern).test(example)) throw new OrderSettingsError(`the cost-center example ${example} does not match CONTINUUM_COST_CENTER_PATTERN ${pattern}.`);
  } catch (error) {
    throw error instanceof OrderSettingsError ? error : new OrderSettingsError(`CONTINUUM_COST_CENTER_PATTERN is not a valid regular expression: ${(error as Error).message}`);
  }
  let costModel = DEFAULT_COST_MODEL;
  if (parsed.data.CONTINUUM_COST_MODEL) {
    let json: unknown;
    try {
      json = JSON.parse(parsed.data.CONTINUUM_COST_MODEL);
    } catch (error) {
      throw new OrderSettingsError(`CONTINUUM_COST_MODEL is not JSON: ${(error as Error).message}`);
    }
    const model = CostModelSchema.safeParse(json);
    if (!model.success) throw new OrderSettingsError(`CONTINUUM_COST_MODEL: ${model.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    costModel = model.data;
  }
  return { costCenter: { pattern, example }, costModel, webhookUrl: parsed.data.CONTINUUM_WEBHOOK_URL ?? null };
}
