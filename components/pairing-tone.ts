import type { Tone } from "./status-label";

// Plain code, not a client component, so server components can call it.

/** The tone of a pairing check's result: paired, drift, missing, unreachable, or not checked yet. */
export function pairingTone(state: string | null): Tone {
  return state === "paired" ? "ok" : state === "drift" || state === "missing" ? "bad" : "warn";
}
