// Time axis ticks a person can tell apart: as fine as the span needs and no finer. Minute ticks on
// runs a few seconds apart all read "12-03 17:42"; day ticks on a month's drills do not need the hour.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface TimeTicks {
  ticks: number[];
  /** What the axis says under the ticks, including the date they share when they share one. */
  caption: string;
  format: (ms: number) => string;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** About `count` evenly spaced ticks over [min, max], each labelled distinctly, in UTC. */
export function timeTicks(min: number, max: number, count = 5): TimeTicks {
  const span = max - min;
  const sameDay = iso(min).slice(0, 10) === iso(max).slice(0, 10);
  const format =
    span < 2 * MINUTE ? (ms: number) => iso(ms).slice(11, 19) : span < 2 * DAY && sameDay ? (ms: number) => iso(ms).slice(11, 16) : span < 2 * DAY ? (ms: number) => iso(ms).slice(5, 16).replace("T", " ") : (ms: number) => iso(ms).slice(0, 10);
  const caption = span < 2 * DAY && sameDay ? `Started, UTC, on ${iso(min).slice(0, 10)}` : "Started, UTC";
  const raw = span === 0 ? [min] : Array.from({ length: count }, (_, i) => Math.round(min + (span * i) / (count - 1)));
  // Keep the first tick of each label: two ticks may still round to one minute or one day.
  const seen = new Set<string>();
  const ticks = raw.filter((tick) => !seen.has(format(tick)) && seen.add(format(tick)));
  return { ticks, caption, format };
}
