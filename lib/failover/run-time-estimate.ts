import type { Db } from "@/lib/db/client";
import type { RunKind } from "@/lib/generated/prisma/client";

// How long a run should take, said before anyone presses the button. A failover and a failback do
// the same steps in opposite directions, so each counts as a measurement for the other (a first
// failover used to be guessed at 45 s after several 3–4 s failbacks). With no run of this
// application measured yet, the other applications' runs say it; only with none at all is it a guess.

export interface RunTimeEstimate {
  /** The median, what the page shows in large. */
  seconds: number;
  /** Fastest and slowest of the measurements (equal to `seconds` for a guess). */
  low: number;
  high: number;
  /** How many runs it is measured from; 0 for a guess. */
  measured: number;
  basis: string;
}

export interface RunTimeSamples {
  /** RTOs of this application's own runs of the same shape, newest first. */
  own: number[];
  /** RTOs of every application's runs of the same shape, newest first. */
  fleet: number[];
}

/** Runs of these kinds take the same steps, so they measure each other. */
export const kindsMeasuredTogether = (kind: RunKind): RunKind[] => (kind === "DRILL" ? ["DRILL"] : ["FAILOVER", "FAILBACK"]);

const OWN_RUNS = 10;
const FLEET_RUNS = 50;

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

const runsWord = (kind: RunKind, count: number) => (kind === "DRILL" ? (count === 1 ? "drill" : "drills") : count === 1 ? "failover or failback" : "failovers and failbacks");

/** The estimate from the measured samples: own runs first, then every application's, then a guess by volume count. */
export function estimateRunTime(samples: RunTimeSamples, what: { application: string; kind: RunKind; volumes: number }): RunTimeEstimate {
  const own = samples.own.slice(0, OWN_RUNS);
  const fleet = samples.fleet.slice(0, FLEET_RUNS);
  const measured = own.length ? own : fleet;
  if (measured.length) {
    const whose = own.length ? `of ${what.application}` : `of any application (none of ${what.application} yet)`;
    return { seconds: median(measured), low: Math.min(...measured), high: Math.max(...measured), measured: measured.length, basis: measured.length === 1 ? `the one ${runsWord(what.kind, 1)} ${whose} measured so far` : `median of the last ${measured.length} ${runsWord(what.kind, measured.length)} ${whose}` };
  }
  const guess = 30 + 15 * Math.max(1, what.volumes);
  return { seconds: guess, low: guess, high: guess, measured: 0, basis: "a guess (30 s plus 15 s per volume): no run of this kind has been measured yet" };
}

/** The measured RTOs a run of `kind` of this application is estimated from. */
export async function runTimeSamples(db: Db, applicationId: string | null, kind: RunKind): Promise<RunTimeSamples> {
  const where = { kind: { in: kindsMeasuredTogether(kind) }, status: "SUCCEEDED" as const, rtoSeconds: { not: null } };
  const rtosOf = (runs: Array<{ rtoSeconds: number | null }>) => runs.map((run) => run.rtoSeconds!);
  const own = applicationId ? rtosOf(await db.failoverRun.findMany({ where: { ...where, applicationId }, orderBy: { createdAt: "desc" }, take: OWN_RUNS, select: { rtoSeconds: true } })) : [];
  const fleet = own.length ? [] : rtosOf(await db.failoverRun.findMany({ where, orderBy: { createdAt: "desc" }, take: FLEET_RUNS, select: { rtoSeconds: true } }));
  return { own, fleet };
}
