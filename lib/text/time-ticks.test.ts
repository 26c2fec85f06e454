import { describe, expect, it } from "vitest";
import { timeTicks } from "./time-ticks";

// Chart ticks must never read alike, whatever the runs' spread.

const at = (iso: string) => Date.parse(iso);
const labels = (min: string, max: string) => {
  const t = timeTicks(at(min), at(max));
  return t.ticks.map(t.format);
};

describe("time axis ticks", () => {
  it("shows seconds for runs a minute apart, and the day once in the caption", () => {
    expect(labels("2026-12-03T17:42:00Z", "2026-12-03T17:43:00Z")).toEqual(["17:42:00", "17:42:15", "17:42:30", "17:42:45", "17:43:00"]);
    expect(timeTicks(at("2026-12-03T17:42:00Z"), at("2026-12-03T17:43:00Z")).caption).toBe("Started, UTC, on 2026-12-03");
  });

  it("shows hours and minutes within a day and days over weeks", () => {
    expect(labels("2026-12-03T08:00:00Z", "2026-12-03T16:00:00Z")).toEqual(["08:00", "10:00", "12:00", "14:00", "16:00"]);
    expect(labels("2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z")).toEqual(["2026-11-01", "2026-11-08", "2026-11-16", "2026-11-23", "2026-12-01"]);
  });

  it("names the day on each tick when a short span crosses midnight", () => {
    expect(labels("2026-12-02T22:00:00Z", "2026-12-03T02:00:00Z")).toEqual(["12-02 22:00", "12-02 23:00", "12-03 00:00", "12-03 01:00", "12-03 02:00"]);
  });

  it("never repeats a label, even for a span shorter than the ticks can tell apart", () => {
    const few = labels("2026-12-03T17:42:00.000Z", "2026-12-03T17:42:01.000Z");
    expect(new Set(few).size).toBe(few.length);
    expect(labels("2026-12-03T17:42:00Z", "2026-12-03T17:42:00Z")).toEqual(["17:42:00"]);
  });
});
