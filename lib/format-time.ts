/** A moment as people on different sites read it alike: "2026-11-24 18:31 UTC". Client-safe. */
export function utcMinute(date: Date) {
  return date.toISOString().replace("T", " ").slice(0, 16) + " UTC";
}

/** The same to the second, for run steps: "2026-11-24 18:31:07 UTC". */
export function utcSecond(date: Date) {
  return date.toISOString().replace("T", " ").slice(0, 19) + " UTC";
}

/** An elapsed time a tired person reads at a glance: "0.4 s", "42 s", "3 min 05 s", "1 h 02 min". */
export function formatDuration(ms: number) {
  const seconds = ms / 1000;
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(Math.round(seconds % 60)).padStart(2, "0")} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min`;
}
