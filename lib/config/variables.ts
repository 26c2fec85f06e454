import { z } from "zod";

/** The environment without its empty variables: an empty one means unset, as a shell or a Secret with an empty key would mean it. */
export function setVariablesOf(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => Boolean(entry[1])));
}

/** A numeric variable with its bounds and default, every message naming the variable and its unit. */
export function numberVariable(name: string, rule: { min: number; max: number; fallback: number; whole?: boolean; unit?: "s" | "ms" }) {
  const of = rule.unit ? ` of ${rule.unit === "s" ? "seconds" : "milliseconds"}` : "";
  const bound = rule.unit ? ` ${rule.unit}` : "";
  const number = z.coerce.number({ error: `${name} must be a number${of}` });
  return (rule.whole ? number.int(`${name} must be a whole number${of}`) : number)
    .min(rule.min, `${name} must be at least ${rule.min}${bound}`)
    .max(rule.max, `${name} must be at most ${rule.max}${bound}`)
    .default(rule.fallback);
}
