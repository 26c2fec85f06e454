/** A moment as people on different sites read it alike: "2026-11-24 18:31 UTC". Client-safe. */
export function utcMinute(date: Date) {
  return date.toISOString().replace("T", " ").slice(0, 16) + " UTC";
}
